using System.Buffers.Binary;
using CoulombGan.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Data;

/// <summary>
/// Images stored in a .npy file, as float32 [N, C, H, W] tensors in the model's scale [-1, 1]:
/// <list type="bullet">
/// <item>float32 [N, C, H, W] (what <c>coulomb-gan sample</c> writes): taken as they are;</item>
/// <item>uint8 [N, H, W] (grey) or [N, H, W, C] (C = 1 or 3, numpy's usual image layout): byte b becomes b / 127.5 - 1.</item>
/// </list>
/// C must be 1 (grey) or 3 (RGB). Problems are a one-line <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class NpyImages
{
    /// <summary>Reads the first <paramref name="limit"/> images (all when null) of the file.</summary>
    public static Tensor Read(string path, int? limit = null)
    {
        NpyRawArray raw;
        try
        {
            raw = NpyFile.ReadRaw(path);
        }
        catch (InvalidDataException e)
        {
            // NpyFile's messages start with the path already.
            throw new DataFormatException(path, e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message, e);
        }
        var shape = raw.Shape;
        string shapeText = $"[{string.Join(", ", shape)}]";
        switch (raw.Dtype)
        {
            case "<f4":
                if (shape.Length != 4 || shape[1] is not (1 or 3))
                    throw new DataFormatException(path, $"float32 images must be [N, C, H, W] with C = 1 or 3; found {shapeText}");
                break;
            case "|u1":
                if (!(shape.Length == 3 || (shape.Length == 4 && shape[3] is (1 or 3))))
                    throw new DataFormatException(path, $"uint8 images must be [N, H, W] or [N, H, W, C] with C = 1 or 3; found {shapeText}");
                break;
            default:
                throw new DataFormatException(path, $"dtype '{raw.Dtype}' is not supported; float32 [N, C, H, W] in [-1, 1] or uint8 [N, H, W (, C)] expected");
        }
        if (shape[1..].Any(s => s < 1)) throw new DataFormatException(path, $"empty images: shape {shapeText}");
        long count = limit is { } l ? Math.Min(l, shape[0]) : shape[0];
        if (count < 1) throw new DataFormatException(path, $"no images: shape {shapeText}");
        long perImage = shape[1..].Aggregate(1L, (a, b) => a * b);
        long[] kept = [count, .. shape[1..]];

        if (raw.Dtype == "<f4")
        {
            var values = new float[count * perImage];
            for (long i = 0; i < values.LongLength; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Data.AsSpan(checked((int)(4 * i)), 4));
            return torch.tensor(values, kept);
        }
        using var scope = torch.NewDisposeScope();
        var bytes = torch.tensor(raw.Data.AsSpan(0, checked((int)(count * perImage))).ToArray(), kept);
        var nchw = bytes.dim() == 3 ? bytes.unsqueeze(1) : bytes.permute(0, 3, 1, 2);
        // b / 127.5 - 1 computed in float64 and rounded once, as the folder reader does.
        return nchw.to_type(ScalarType.Float64).div(127.5).sub(1.0).to_type(ScalarType.Float32).contiguous().MoveToOuterDisposeScope();
    }
}
