using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CoulombGan.IO;

/// <summary>A float64 array read from a .npy file: values in C order and the shape.</summary>
public sealed record NpyArray(double[] Values, long[] Shape);

/// <summary>A float32 array read from a .npy file: values in C order and the shape.</summary>
public sealed record NpyFloat32Array(float[] Values, long[] Shape);

/// <summary>
/// An array read from a .npy file as stored: the dtype normalised to numpy's explicit form ('&lt;f4', '&lt;f8', '|u1', ...),
/// the shape, and the little-endian C-order bytes.
/// </summary>
public sealed record NpyRawArray(string Dtype, long[] Shape, byte[] Data)
{
    /// <summary>The values of a '&lt;f4' array.</summary>
    public float[] ToFloat32()
    {
        if (Dtype != "<f4") throw new InvalidOperationException($"dtype '{Dtype}' is not float32");
        var values = new float[Data.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(i * 4, 4));
        return values;
    }
}

/// <summary>
/// Reads and writes numpy .npy files: format version 1.0 when writing (versions 1-3 are read), little-endian,
/// C order; float32 and float64 are read and written, other little-endian dtypes read as raw bytes
/// (<see cref="ReadRaw(string)"/>). Writes to a path are atomic.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static void WriteFloat32(string path, ReadOnlySpan<float> values, long[] shape)
    {
        var bytes = Encode("<f4", shape, values.Length, sizeof(float));
        var body = bytes.AsSpan(bytes.Length - values.Length * sizeof(float));
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(body.Slice(i * 4, 4), values[i]);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    public static void WriteFloat64(string path, ReadOnlySpan<double> values, long[] shape) =>
        AtomicFile.WriteAllBytes(path, EncodeFloat64(values, shape));

    /// <summary>The bytes of a .npy file holding <paramref name="values"/> as '&lt;f8' with <paramref name="shape"/>.</summary>
    public static byte[] EncodeFloat64(ReadOnlySpan<double> values, long[] shape)
    {
        var bytes = Encode("<f8", shape, values.Length, sizeof(double));
        var body = bytes.AsSpan(bytes.Length - values.Length * sizeof(double));
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(body.Slice(i * 8, 8), values[i]);
        return bytes;
    }

    public static NpyArray ReadFloat64(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        using var stream = File.OpenRead(path);
        return ReadFloat64(stream, path);
    }

    /// <summary>Reads a '&lt;f4', C-order array.</summary>
    public static NpyFloat32Array ReadFloat32(string path)
    {
        var raw = ReadRaw(path);
        if (raw.Dtype != "<f4") throw Bad(path, $"dtype '{raw.Dtype}' is not supported; float32 little-endian ('<f4') expected");
        return new NpyFloat32Array(raw.ToFloat32(), raw.Shape);
    }

    /// <summary>Reads a '&lt;f8', C-order array; <paramref name="source"/> names the file in error messages.</summary>
    public static NpyArray ReadFloat64(Stream stream, string source)
    {
        var raw = ReadRaw(stream, source);
        if (raw.Dtype != "<f8") throw Bad(source, $"dtype '{raw.Dtype}' is not supported; float64 little-endian ('<f8') expected");
        var values = new double[raw.Data.Length / sizeof(double)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(raw.Data.AsSpan(i * 8, 8));
        return new NpyArray(values, raw.Shape);
    }

    /// <summary>
    /// Reads a C-order array of any little-endian (or byte-sized) dtype without converting it; the caller interprets
    /// <see cref="NpyRawArray.Dtype"/>. Problems are an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static NpyRawArray ReadRaw(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        using var stream = File.OpenRead(path);
        return ReadRaw(stream, path);
    }

    /// <inheritdoc cref="ReadRaw(string)"/>
    public static NpyRawArray ReadRaw(Stream stream, string source)
    {
        var prefix = ReadExactly(stream, 8, source, "header");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic)) throw Bad(source, "not a .npy file (magic string missing)");
        int major = prefix[6];
        int headerLength = major switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, source, "header")),
            2 or 3 => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, source, "header"))),
            _ => throw Bad(source, $"unsupported .npy format version {major}.{prefix[7]}"),
        };
        var header = Encoding.UTF8.GetString(ReadExactly(stream, headerLength, source, "header"));
        var descr = DescrPattern().Match(header);
        if (!descr.Success) throw Bad(source, "header has no 'descr'");
        // '=' (native) is little-endian on the machines this runs on; byte-sized types have no byte order ('|').
        var item = ItemPattern().Match(descr.Groups[1].Value);
        int itemSize = item.Success && int.TryParse(item.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;
        if (itemSize < 1 || (item.Groups[1].Value == ">" && itemSize > 1))
            throw Bad(source, $"dtype '{descr.Groups[1].Value}' is not supported; a little-endian number type ('<f4', '<f8', '|u1', ...) expected");
        var dtype = (itemSize == 1 ? "|" : "<") + item.Groups[2].Value + item.Groups[3].Value;
        var order = FortranPattern().Match(header);
        if (!order.Success) throw Bad(source, "header has no 'fortran_order'");
        if (order.Groups[1].Value != "False") throw Bad(source, "fortran_order True is not supported; C order expected");
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw Bad(source, "header has no 'shape'");
        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(source, $"shape '({shapeMatch.Groups[1].Value})' is not a tuple of integers"))
            .ToArray();
        long count = shape.Aggregate(1L, (a, b) => checked(a * b));
        if (count > Array.MaxLength / itemSize) throw Bad(source, $"{count} values are too many for one array");
        var body = ReadExactly(stream, (int)count * itemSize, source, $"data ({count} values of '{dtype}')");
        return new NpyRawArray(dtype, shape, body);
    }

    private static byte[] Encode(string descr, long[] shape, int valueCount, int valueSize)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != valueCount) throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values but {valueCount} were given");
        var shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // magic (6) + version (2) + header length (2) + header + padding + '\n' is a multiple of 64.
        int unpadded = 10 + header.Length + 1;
        header += new string(' ', (64 - unpadded % 64) % 64) + "\n";
        var bytes = new byte[10 + header.Length + valueCount * valueSize];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8, 2), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        return bytes;
    }

    private static byte[] ReadExactly(Stream stream, int count, string source, string what)
    {
        var buffer = new byte[count];
        int read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count) throw Bad(source, $"truncated: {what} needs {count} bytes, {read} present");
        return buffer;
    }

    private static InvalidDataException Bad(string source, string problem) => new($"{source}: {problem}");

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"^([<>|=]?)([a-zA-Z])(\d+)$")]
    private static partial Regex ItemPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
