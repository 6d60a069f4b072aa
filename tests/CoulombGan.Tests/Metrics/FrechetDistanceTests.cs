using CoulombGan.Metrics;
using CoulombGan.Tests.IO;

namespace CoulombGan.Tests.Metrics;

public sealed class FrechetDistanceTests
{
    private static double[,] Diagonal(double[] values)
    {
        var m = new double[values.Length, values.Length];
        for (int i = 0; i < values.Length; i++) m[i, i] = values[i];
        return m;
    }

    /// <summary>R diag(values) R^T.</summary>
    private static double[,] Rotated(double[,] r, double[] values)
    {
        int d = values.Length;
        var m = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                for (int k = 0; k < d; k++)
                    m[i, j] += r[i, k] * values[k] * r[j, k];
        return m;
    }

    /// <summary>A random orthogonal matrix by Gram-Schmidt on random vectors.</summary>
    private static double[,] RandomRotation(int d, int seed)
    {
        var random = new Random(seed);
        var r = new double[d, d];
        for (int c = 0; c < d; c++)
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (int p = 0; p < c; p++)
            {
                double dot = 0;
                for (int i = 0; i < d; i++) dot += v[i] * r[i, p];
                for (int i = 0; i < d; i++) v[i] -= dot * r[i, p];
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            for (int i = 0; i < d; i++) r[i, c] = v[i] / norm;
        }
        return r;
    }

    private static double ClosedForm(double[] mu1, double[] a, double[] mu2, double[] b) =>
        mu1.Zip(mu2, (x, y) => (x - y) * (x - y)).Sum() + a.Zip(b, (x, y) => (Math.Sqrt(x) - Math.Sqrt(y)) * (Math.Sqrt(x) - Math.Sqrt(y))).Sum();

    private static readonly double[] Mu1 = [1, -2, 0.5, 3, 0];
    private static readonly double[] Mu2 = [0, -1, 2.5, 3, -4];
    private static readonly double[] A = [4, 0.25, 9, 1e-3, 0];
    private static readonly double[] B = [1, 2.25, 16, 5, 7];

    [Fact]
    public void Diagonal_covariances_match_closed_form()
    {
        double expected = ClosedForm(Mu1, A, Mu2, B);
        double actual = FrechetDistance.Compute(Mu1, Diagonal(A), Mu2, Diagonal(B));
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"{actual} vs {expected}");
    }

    [Fact]
    public void Commuting_rotated_covariances_match_closed_form()
    {
        var r = RandomRotation(5, seed: 11);
        double expected = ClosedForm(Mu1, A, Mu2, B);
        double actual = FrechetDistance.Compute(Mu1, Rotated(r, A), Mu2, Rotated(r, B));
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"{actual} vs {expected}");
    }

    [Fact]
    public void Non_commuting_covariances_match_numpy_eigenvalues_of_the_product()
    {
        // Second implementation: tr sqrt(S1 S2) = sum of sqrt of the (real, non-negative) eigenvalues of S1 S2,
        // from numpy's general eigenvalue routine rather than symmetric square roots.
        var s1 = Rotated(RandomRotation(5, seed: 12), A);
        var s2 = Rotated(RandomRotation(5, seed: 13), B);
        var output = Numpy.Run($"""
            d = 5
            mu1 = np.array({Numpy.List(Mu1)}); mu2 = np.array({Numpy.List(Mu2)})
            s1 = np.array({Numpy.List(s1.Cast<double>())}).reshape(d, d)
            s2 = np.array({Numpy.List(s2.Cast<double>())}).reshape(d, d)
            ev = np.linalg.eigvals(s1 @ s2)
            print(repr(float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev.real, 0, None)).sum())))
            """);
        double expected = Numpy.Doubles(output)[0];
        double actual = FrechetDistance.Compute(Mu1, s1, Mu2, s2);
        // Square roots of the near-zero eigenvalues (0 and 1e-3 in A) make the general eigenvalue route accurate to ~1e-8 only.
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"{actual} vs {expected}");
    }

    [Theory]
    [InlineData(200, 10)]
    [InlineData(6, 30)]
    public void Identical_statistics_give_zero(int n, int d)
    {
        using var statistics = new FeatureStatistics(d);
        statistics.Add(FeatureStatisticsTests.Features(n, d, seed: 21, offset: 3));
        statistics.Finish();
        double distance = FrechetDistance.Compute(statistics, statistics);
        Assert.InRange(distance, 0, 1e-9);
    }

    [Fact]
    public void Rank_deficient_covariances_give_a_finite_non_negative_distance()
    {
        using var first = new FeatureStatistics(40);
        using var second = new FeatureStatistics(40);
        first.Add(FeatureStatisticsTests.Features(5, 40, seed: 22));
        second.Add(FeatureStatisticsTests.Features(7, 40, seed: 23, offset: 0.1));
        first.Finish();
        second.Finish();
        Assert.NotNull(first.Warning);
        double distance = FrechetDistance.Compute(first, second);
        Assert.True(double.IsFinite(distance) && distance > 0, $"{distance}");
        // Bounded by the triangle inequality of the 2-Wasserstein distance through a point mass.
        double bound = Math.Sqrt(FrechetDistance.Compute(first.Mu, first.Sigma, first.Mu, new double[40, 40]))
            + Math.Sqrt(FrechetDistance.Compute(first.Mu, new double[40, 40], second.Mu, second.Sigma));
        Assert.True(distance <= bound * bound + 1e-9, $"{distance} vs {bound * bound}");
    }

    [Fact]
    public void Mismatched_or_non_finite_statistics_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([0, 0], Diagonal([1, 1]), [0], Diagonal([1])));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute([0, double.NaN], Diagonal([1, 1]), [0, 0], Diagonal([1, 1])));
    }
}
