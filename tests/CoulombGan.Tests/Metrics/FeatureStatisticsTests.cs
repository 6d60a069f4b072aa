using CoulombGan.Metrics;

namespace CoulombGan.Tests.Metrics;

public sealed class FeatureStatisticsTests
{
    internal static float[,] Features(int n, int d, int seed, double offset = 0, double scale = 1)
    {
        var random = new Random(seed);
        var x = new float[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                x[i, j] = (float)(offset * (j + 1) + scale * (random.NextDouble() + random.NextDouble() - 1) * (1 + j % 3));
        return x;
    }

    private static float[,] Rows(float[,] x, int start, int count)
    {
        var rows = new float[count, x.GetLength(1)];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < x.GetLength(1); j++)
                rows[i, j] = x[start + i, j];
        return rows;
    }

    private static FeatureStatistics InBatches(float[,] x, int batch)
    {
        var statistics = new FeatureStatistics(x.GetLength(1));
        for (int start = 0; start < x.GetLength(0); start += batch)
            statistics.Add(Rows(x, start, Math.Min(batch, x.GetLength(0) - start)));
        statistics.Finish();
        return statistics;
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"[{i}]: {actual[i]:R} vs {expected[i]:R} (scale {scale:g3})");
    }

    [Fact]
    public void Statistics_do_not_depend_on_batch_size()
    {
        var x = Features(60, 7, seed: 3, offset: 50);
        var whole = InBatches(x, 60);
        foreach (var batch in new[] { 1, 7 })
        {
            var split = InBatches(x, batch);
            AssertClose(whole.Mu, split.Mu, 1e-12);
            AssertClose(whole.Sigma.Cast<double>().ToArray(), split.Sigma.Cast<double>().ToArray(), 1e-12);
            Assert.Equal(60, split.Count);
        }
    }

    [Fact]
    public void Statistics_equal_two_pass_mean_and_unbiased_covariance()
    {
        // Large offset against a small spread: a naive sum-of-squares formula would lose the covariance.
        var x = Features(40, 5, seed: 4, offset: 1000, scale: 0.01);
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++) mean[j] += x[i, j];
            mean[j] /= n;
        }
        var covariance = new double[d * d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += (x[i, a] - mean[a]) * (x[i, b] - mean[b]);
                covariance[a * d + b] = s / (n - 1);
            }
        var statistics = InBatches(x, 9);
        AssertClose(mean, statistics.Mu, 1e-14);
        AssertClose(covariance, statistics.Sigma.Cast<double>().ToArray(), 1e-9);
        Assert.Null(statistics.Warning);
    }

    [Fact]
    public void Fewer_samples_than_dimensions_sets_a_warning()
    {
        var statistics = InBatches(Features(4, 6, seed: 5), 4);
        Assert.NotNull(statistics.Warning);
        Assert.Contains("only 4 samples for 6 feature dimensions", statistics.Warning);
    }

    [Fact]
    public void Reading_before_Finish_and_adding_after_it_are_refused()
    {
        using var statistics = new FeatureStatistics(2);
        statistics.Add(new float[,] { { 1, 2 }, { 3, 5 } });
        Assert.Throws<InvalidOperationException>(() => statistics.Mu);
        statistics.Finish();
        Assert.Equal([2.0, 3.5], statistics.Mu);
        Assert.Equal(4.5, statistics.Sigma[1, 1]);
        Assert.Throws<InvalidOperationException>(() => statistics.Add(new float[,] { { 1, 2 } }));
        Assert.Throws<ArgumentException>(() => new FeatureStatistics(3).Add(new float[,] { { 1, 2 } }));
    }
}
