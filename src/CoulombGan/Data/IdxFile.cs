using System.Buffers.Binary;
using System.IO.Compression;

namespace CoulombGan.Data;

/// <summary>
/// An IDX file as used by MNIST and Fashion-MNIST: two zero bytes, an element-type byte (only 0x08,
/// unsigned byte, is supported), a dimension-count byte, one big-endian int32 size per dimension,
/// then the elements in row-major order. Gzip-compressed files are recognised by their magic bytes
/// (1f 8b), not by their name.
/// </summary>
public sealed class IdxFile
{
    /// <summary>The IDX type byte for unsigned 8-bit elements.</summary>
    public const byte UnsignedByteType = 0x08;

    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    private readonly int[] _dimensions;

    private IdxFile(string path, int[] dimensions, byte[] data)
    {
        Path = path;
        _dimensions = dimensions;
        Data = data;
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The size of each dimension, outermost first.</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>The dimensions as a tensor shape.</summary>
    public long[] Shape => Array.ConvertAll(_dimensions, d => (long)d);

    /// <summary>All elements in row-major order (owned by this instance).</summary>
    public byte[] Data { get; }

    /// <summary>Reads a raw or gzip-compressed IDX file; every problem is a <see cref="DataFormatException"/>.</summary>
    public static IdxFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new DataFormatException(path, "missing file (not found)");
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            if (!StartsWithGzipMagic(file)) return Parse(path, file);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Parse(path, gzip);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be read ({e.Message})", e);
        }
    }

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        int read = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && head.SequenceEqual(GzipMagic);
    }

    private static IdxFile Parse(string path, Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        int read = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (read < 4) throw new DataFormatException(path, $"truncated: the file holds {read} bytes, fewer than the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException(path, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}: an IDX file starts with two zero bytes");
        if (magic[2] != UnsignedByteType)
            throw new DataFormatException(path, $"unsupported element type 0x{magic[2]:X2} ({TypeName(magic[2])}); only 0x08 (unsigned byte) is supported");
        int rank = magic[3];
        if (rank == 0) throw new DataFormatException(path, "bad header: the magic number declares zero dimensions");

        var sizeBytes = new byte[4 * rank];
        read = stream.ReadAtLeast(sizeBytes, sizeBytes.Length, throwOnEndOfStream: false);
        if (read < sizeBytes.Length)
            throw new DataFormatException(path, $"truncated header: {rank} dimension sizes declared but the file ends after {read / 4} of them");

        var dimensions = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(sizeBytes.AsSpan(4 * i, 4));
            if (dimensions[i] < 0) throw new DataFormatException(path, $"bad header: dimension {i} has negative size {dimensions[i]}");
            count *= dimensions[i];
            if (count > Array.MaxLength) throw new DataFormatException(path, $"too large: shape [{string.Join(", ", dimensions[..(i + 1)])}, ...] exceeds {Array.MaxLength} bytes");
        }

        var data = new byte[count];
        read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            throw new DataFormatException(path, $"truncated data: the header promises {data.Length} bytes (shape [{string.Join(", ", dimensions)}]) but only {read} follow");

        long trailing = CountRemaining(stream);
        if (trailing > 0)
            throw new DataFormatException(path, $"trailing garbage: {trailing} bytes after the {data.Length} data bytes of shape [{string.Join(", ", dimensions)}]");

        return new IdxFile(path, dimensions, data);
    }

    private static long CountRemaining(Stream stream)
    {
        var buffer = new byte[4096];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0) total += read;
        return total;
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "not an IDX type",
    };
}
