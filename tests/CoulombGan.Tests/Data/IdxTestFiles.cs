using System.IO.Compression;
using CoulombGan.Data;

namespace CoulombGan.Tests.Data;

/// <summary>Writes small files in the genuine IDX format (and gzip) for the data tests.</summary>
internal static class IdxTestFiles
{
    /// <summary>The IDX bytes of an array: 0, 0, type, rank, big-endian int32 sizes, then the data.</summary>
    public static byte[] Idx(int[] dimensions, byte[] data, byte type = 0x08)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)dimensions.Length };
        foreach (int d in dimensions)
        {
            bytes.Add((byte)(d >> 24));
            bytes.Add((byte)(d >> 16));
            bytes.Add((byte)(d >> 8));
            bytes.Add((byte)d);
        }
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }
        return buffer.ToArray();
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Asserts that <paramref name="action"/> throws a one-line <see cref="DataFormatException"/> naming the file and the problem.</summary>
    public static DataFormatException AssertProblem(Action action, string fileName, string problemWord)
    {
        var e = Assert.Throws<DataFormatException>(action);
        Assert.Contains(fileName, e.Message);
        Assert.Contains(problemWord, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coulombgan-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
