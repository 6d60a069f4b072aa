using System.IO.Compression;

namespace CoulombGan.IO;

/// <summary>
/// Feature statistics in the numpy .npz layout the FID community exchanges (TTUR, pytorch-fid):
/// a zip holding float64 arrays <c>mu</c> (1-D) and <c>sigma</c> (2-D) as mu.npy and sigma.npy.
/// </summary>
/// <remarks>
/// Written with System.IO.Compression rather than NumSharp: .npz is a zip of .npy files, a small documented
/// format that needs about a hundred lines here, whereas NumSharp is a large, slowly maintained library
/// that would be a dependency for this one format.
/// </remarks>
public static class NpzFile
{
    /// <summary>Writes mu.npy and sigma.npy (stored, uncompressed, like <c>numpy.savez</c>); atomic.</summary>
    public static void WriteStatistics(string path, double[] mu, double[,] sigma)
    {
        int d = mu.Length;
        if (sigma.GetLength(0) != d || sigma.GetLength(1) != d)
            throw new ArgumentException($"sigma is [{sigma.GetLength(0)}, {sigma.GetLength(1)}] but mu has {d} values; [{d}, {d}] expected");
        var muBytes = NpyFile.EncodeFloat64(mu, [d]);
        var sigmaFlat = new double[d * d];
        Buffer.BlockCopy(sigma, 0, sigmaFlat, 0, sigmaFlat.Length * sizeof(double));
        var sigmaBytes = NpyFile.EncodeFloat64(sigmaFlat, [d, d]);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, bytes) in new[] { ("mu.npy", muBytes), ("sigma.npy", sigmaBytes) })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                entry.Write(bytes);
            }
        });
    }

    /// <summary>Reads <c>mu</c> and <c>sigma</c>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static (double[] Mu, double[,] Sigma) ReadStatistics(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        ZipArchive zip;
        var file = File.OpenRead(path);
        try
        {
            zip = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new InvalidDataException($"{path}: not a readable zip archive (not a numpy .npz file, or truncated): {e.Message}", e);
        }
        using (zip)
        {
            var mu = ReadEntry(zip, path, "mu");
            var sigma = ReadEntry(zip, path, "sigma");
            if (mu.Shape.Length != 1) throw new InvalidDataException($"{path}: 'mu' has shape ({string.Join(", ", mu.Shape)}); a 1-D array expected");
            long d = mu.Shape[0];
            if (sigma.Shape.Length != 2 || sigma.Shape[0] != d || sigma.Shape[1] != d)
                throw new InvalidDataException($"{path}: 'sigma' has shape ({string.Join(", ", sigma.Shape)}); ({d}, {d}) expected to match 'mu'");
            var matrix = new double[d, d];
            Buffer.BlockCopy(sigma.Values, 0, matrix, 0, sigma.Values.Length * sizeof(double));
            return (mu.Values, matrix);
        }
    }

    private static NpyArray ReadEntry(ZipArchive zip, string path, string name)
    {
        var entry = zip.GetEntry(name + ".npy") ?? throw new InvalidDataException(
            $"{path}: no '{name}' array (holds: {string.Join(", ", zip.Entries.Select(e => Path.GetFileNameWithoutExtension(e.FullName)))})");
        try
        {
            using var stream = entry.Open();
            return NpyFile.ReadFloat64(stream, $"{path}: '{name}'");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // The zip layer itself failed (for example a truncated or corrupt entry).
            throw new InvalidDataException($"{path}: '{name}' is unreadable ({e.Message})", e);
        }
    }
}
