using System.Collections;
using CoulombGan.Data;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>Reads a state dict (PyTorch zip or safetensors) into a module, strictly by name and shape.</summary>
internal static class InceptionWeights
{
    private const string Expected = "expected the FID Inception state dict (pt_inception-2015-12-05)";

    public static void Load(nn.Module module, string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "Inception weights file not found");
        var source = Read(path);
        try
        {
            var target = module.state_dict();
            foreach (var (key, tensor) in target)
            {
                if (!source.TryGetValue(key, out var value))
                {
                    if (IsOptional(key)) continue;
                    throw new DataFormatException(path, $"missing key '{key}' ({Expected})");
                }
                if (!value.shape.SequenceEqual(tensor.shape))
                    throw new DataFormatException(path, $"key '{key}' has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", tensor.shape)}]");
            }
            foreach (var key in source.Keys)
                if (!target.ContainsKey(key)) throw new DataFormatException(path, $"unexpected key '{key}' ({Expected})");

            using var _ = no_grad();
            foreach (var (key, tensor) in target)
                if (source.TryGetValue(key, out var value)) tensor.copy_(value);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    private static bool IsOptional(string key) => key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);

    private static Dictionary<string, Tensor> Read(string path)
    {
        var head = new byte[9];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        try
        {
            if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
                return FromPickle(PyTorchUnpickler.UnpickleStateDict(path));
            if (read == 9 && head[8] == (byte)'{')
                return Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not DataFormatException)
        {
            throw new DataFormatException(path, $"cannot read the state dict: {e.GetType().Name}: {FirstLine(e.Message)}", e);
        }
        if (read >= 2 && head[0] == 0x80 && head[1] <= 5)
            throw new DataFormatException(path,
                "legacy (pre-1.6) torch.save format; convert it once with python3 -c \"import torch, sys; " +
                "torch.save(torch.load(sys.argv[1], map_location='cpu'), sys.argv[2])\" OLD.pth NEW.pth");
        throw new DataFormatException(path, "neither a PyTorch state-dict zip (torch.save) nor a safetensors file");
    }

    private static Dictionary<string, Tensor> FromPickle(Hashtable table)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
                throw new InvalidDataException("the pickle is not a flat dict of tensors (save model.state_dict(), not the model)");
            result[key] = tensor;
        }
        return result;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
