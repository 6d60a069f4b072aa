using CoulombGan.Metrics;

namespace CoulombGan.Tests.Metrics;

public sealed class KernelInceptionDistanceTests
{
    private static float[,] Gaussian(int n, int d, int seed, double shift = 0)
    {
        var random = new Random(seed);
        var x = new float[n, d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                x[i, j] = (float)(shift + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return x;
    }

    /// <summary>Unbiased MMD^2 of the whole sets written out as double loops over pairs.</summary>
    private static double DirectUnbiasedMmd(float[,] x, float[,] y)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        double K(float[,] p, int i, float[,] q, int j)
        {
            double dot = 0;
            for (int c = 0; c < d; c++) dot += (double)p[i, c] * q[j, c];
            return Math.Pow(dot / d + 1, 3);
        }
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i != j)
                {
                    xx += K(x, i, x, j);
                    yy += K(y, i, y, j);
                }
                xy += K(x, i, y, j);
            }
        return xx / (n * (n - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double)n * n);
    }

    [Fact]
    public void Subsets_of_the_whole_set_equal_the_direct_unbiased_mmd()
    {
        var x = Gaussian(30, 4, seed: 1);
        var y = Gaussian(30, 4, seed: 2, shift: 0.7);
        double expected = DirectUnbiasedMmd(x, y);
        var result = KernelInceptionDistance.Compute(x, y, subsets: 3, subsetSize: 30, seed: 5);
        Assert.True(Math.Abs(result.Mean - expected) <= 1e-10 * Math.Abs(expected), $"{result.Mean} vs {expected}");
        Assert.True(result.Std <= 1e-10 * Math.Abs(expected), $"std {result.Std}");
        Assert.Null(result.Warning);
    }

    [Fact]
    public void Identical_distributions_give_mean_within_one_std_of_zero_and_shifted_ones_do_not()
    {
        var x = Gaussian(300, 8, seed: 3);
        var same = KernelInceptionDistance.Compute(x, Gaussian(300, 8, seed: 4), subsets: 40, subsetSize: 100, seed: 6);
        Assert.True(Math.Abs(same.Mean) < same.Std, $"same: {same.Mean} +- {same.Std}");
        var shifted = KernelInceptionDistance.Compute(x, Gaussian(300, 8, seed: 4, shift: 0.5), subsets: 40, subsetSize: 100, seed: 6);
        Assert.True(shifted.Mean > 3 * shifted.Std, $"shifted: {shifted.Mean} +- {shifted.Std}");
    }

    [Fact]
    public void Fewer_samples_than_the_subset_size_use_the_smaller_set_and_say_so()
    {
        var result = KernelInceptionDistance.Compute(Gaussian(40, 3, seed: 7), Gaussian(25, 3, seed: 8), subsets: 2, seed: 1);
        Assert.Equal(25, result.SubsetSize);
        Assert.Contains("used subsets of 25", result.Warning);
    }

    [Fact]
    public void Same_seed_gives_the_same_result()
    {
        var x = Gaussian(50, 3, seed: 9);
        var y = Gaussian(60, 3, seed: 10);
        var first = KernelInceptionDistance.Compute(x, y, subsets: 5, subsetSize: 20, seed: 42);
        var second = KernelInceptionDistance.Compute(x, y, subsets: 5, subsetSize: 20, seed: 42);
        Assert.Equal(first, second);
    }
}
