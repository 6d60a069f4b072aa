using System.Globalization;
using System.Text;

namespace CoulombGan.IO;

/// <summary>Writes numpy .npy files (format version 1.0, little-endian float32, C order), atomically.</summary>
public static class NpyFile
{
    public static void WriteFloat32(string path, ReadOnlySpan<float> values, long[] shape)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length) throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values but {values.Length} were given");
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}";
        // magic (6) + version (2) + header length (2) + header + padding + '\n' is a multiple of 64.
        int unpadded = 10 + header.Length + 1;
        header += new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new byte[10 + header.Length + values.Length * sizeof(float)];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        bytes[7] = 0;
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        var body = bytes.AsSpan(10 + header.Length);
        for (int i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(body.Slice(i * 4, 4), values[i]);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
