using System.IO.Compression;
using CoulombGan.IO;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.IO;

public sealed class NpzFileTests
{
    private static (double[] Mu, double[,] Sigma) Sample(int d, int seed)
    {
        var random = new Random(seed);
        var mu = Enumerable.Range(0, d).Select(_ => random.NextDouble() * 1e3 - 500).ToArray();
        var sigma = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                sigma[i, j] = Math.Exp(random.NextDouble() * 40 - 20) * (random.Next(2) * 2 - 1);
        return (mu, sigma);
    }

    private static double[] Flatten(double[,] matrix) => matrix.Cast<double>().ToArray();

    [Fact]
    public void Statistics_round_trip_exactly()
    {
        var path = Path.Combine(TemporaryDirectory(), "stats.npz");
        var (mu, sigma) = Sample(5, 1);
        NpzFile.WriteStatistics(path, mu, sigma);
        var (readMu, readSigma) = NpzFile.ReadStatistics(path);
        Assert.Equal(mu, readMu);
        Assert.Equal(Flatten(sigma), Flatten(readSigma));
        Assert.Equal(5, readSigma.GetLength(0));
    }

    [Fact]
    public void Numpy_reads_what_NpzFile_writes()
    {
        var path = Path.Combine(TemporaryDirectory(), "stats.npz");
        var (mu, sigma) = Sample(4, 2);
        NpzFile.WriteStatistics(path, mu, sigma);
        var output = Numpy.Run($"""
            f = np.load('{path}')
            print(sorted(f.files), f['mu'].dtype, f['sigma'].dtype, f['mu'].shape, f['sigma'].shape)
            print(' '.join(repr(float(v)) for v in np.concatenate([f['mu'], f['sigma'].ravel()])))
            """).Split('\n');
        Assert.Equal("['mu', 'sigma'] float64 float64 (4,) (4, 4)", output[0]);
        Assert.Equal(mu.Concat(Flatten(sigma)).ToArray(), Numpy.Doubles(output[1]));
    }

    [Theory]
    [InlineData("savez")]
    [InlineData("savez_compressed")]
    public void NpzFile_reads_what_numpy_writes(string function)
    {
        var path = Path.Combine(TemporaryDirectory(), "stats.npz");
        var output = Numpy.Run($"""
            rng = np.random.default_rng(7)
            mu = rng.normal(size=6) * 1e5
            a = rng.normal(size=(6, 6))
            sigma = a @ a.T / 3
            np.{function}('{path}', mu=mu, sigma=sigma)
            print(' '.join(repr(float(v)) for v in np.concatenate([mu, sigma.ravel()])))
            """);
        var expected = Numpy.Doubles(output);
        var (mu, sigma) = NpzFile.ReadStatistics(path);
        Assert.Equal(expected[..6], mu);
        Assert.Equal(expected[6..], Flatten(sigma));
    }

    [Fact]
    public void Missing_file_is_reported_by_name()
    {
        var path = Path.Combine(TemporaryDirectory(), "absent.npz");
        var e = Assert.Throws<FileNotFoundException>(() => NpzFile.ReadStatistics(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Malformed_files_throw_InvalidDataException_naming_file_and_problem()
    {
        var directory = TemporaryDirectory();
        string P(string name) => Path.Combine(directory, name);
        Numpy.Run($"""
            mu = np.arange(3.0); sigma = np.eye(3)
            np.savez('{P("no_sigma.npz")}', mu=mu)
            np.savez('{P("float32.npz")}', mu=mu.astype(np.float32), sigma=sigma)
            np.savez('{P("big_endian.npz")}', mu=mu.astype('>f8'), sigma=sigma)
            np.savez('{P("sigma_shape.npz")}', mu=mu, sigma=np.ones((3, 2)))
            np.savez('{P("mu_2d.npz")}', mu=np.ones((3, 1)), sigma=sigma)
            np.savez('{P("fortran.npz")}', mu=mu, sigma=np.asfortranarray(np.arange(9.0).reshape(3, 3)))
            """);
        File.WriteAllText(P("text.npz"), "mu, sigma\n1, 2\n");
        NpzFile.WriteStatistics(P("whole.npz"), [1, 2, 3], new double[3, 3]);
        var whole = File.ReadAllBytes(P("whole.npz"));
        File.WriteAllBytes(P("cut.npz"), whole[..(whole.Length / 2)]);
        // A valid zip whose sigma.npy header promises 9 values but holds 4.
        var sigmaBytes = NpyFile.EncodeFloat64(new double[9], [3, 3]);
        using (var zip = ZipFile.Open(P("short_sigma.npz"), ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("mu.npy").Open()) s.Write(NpyFile.EncodeFloat64([1, 2, 3], [3]));
            using (var s = zip.CreateEntry("sigma.npy").Open()) s.Write(sigmaBytes.AsSpan(0, sigmaBytes.Length - 5 * 8));
        }

        foreach (var (name, problem) in new[]
        {
            ("no_sigma.npz", "no 'sigma' array"),
            ("float32.npz", "'<f4' is not supported"),
            ("big_endian.npz", "'>f8' is not supported"),
            ("sigma_shape.npz", "'sigma' has shape (3, 2)"),
            ("mu_2d.npz", "'mu' has shape (3, 1)"),
            ("fortran.npz", "fortran_order True"),
            ("text.npz", "not a readable zip archive"),
            ("cut.npz", "not a readable zip archive"),
            ("short_sigma.npz", "truncated"),
        })
        {
            var e = Assert.Throws<InvalidDataException>(() => NpzFile.ReadStatistics(P(name)));
            Assert.StartsWith(P(name) + ":", e.Message);
            Assert.Contains(problem, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
