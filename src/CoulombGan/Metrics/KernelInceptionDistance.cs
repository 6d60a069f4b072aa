using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <param name="Mean">Mean over subsets of the unbiased MMD^2 estimate.</param>
/// <param name="Std">Standard deviation over subsets (population form, divided by the number of subsets).</param>
/// <param name="SubsetSize">Samples drawn from each set per subset (the requested size, or fewer; see <paramref name="Warning"/>).</param>
/// <param name="Warning">Set when a set had fewer samples than the requested subset size; null otherwise.</param>
public sealed record KernelInceptionDistanceResult(double Mean, double Std, int SubsetSize, int Subsets, string? Warning);

/// <summary>
/// Kernel Inception Distance (Binkowski et al. 2018): unbiased MMD^2 with the cubic polynomial kernel
/// k(x, y) = (x.y / d + 1)^3, d the feature dimension, averaged over random subsets.
/// </summary>
public static class KernelInceptionDistance
{
    public const int DefaultSubsets = 100;
    public const int DefaultSubsetSize = 1000;

    /// <summary>
    /// Draws <paramref name="subsets"/> times <paramref name="subsetSize"/> real and generated features (each
    /// subset without replacement) and averages the unbiased MMD^2 of the pairs. When either set has fewer
    /// than <paramref name="subsetSize"/> samples, min(n, m) is used and the result says so.
    /// </summary>
    /// <param name="real">[n, d] features.</param>
    /// <param name="generated">[m, d] features.</param>
    public static KernelInceptionDistanceResult Compute(Tensor real, Tensor generated, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, int seed = 0)
    {
        if (real.dim() != 2 || generated.dim() != 2 || real.shape[1] != generated.shape[1])
            throw new ArgumentException($"features must be [n, d] and [m, d], got [{string.Join(", ", real.shape)}] and [{string.Join(", ", generated.shape)}]");
        ArgumentOutOfRangeException.ThrowIfLessThan(subsets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsetSize, 2);
        int n = (int)real.shape[0], m = (int)generated.shape[0];
        if (Math.Min(n, m) < 2) throw new ArgumentException($"KID needs at least 2 samples per set, got {n} real and {m} generated");
        string? warning = null;
        int size = subsetSize;
        if (Math.Min(n, m) < subsetSize)
        {
            size = Math.Min(n, m);
            warning = $"subset size {subsetSize} is more than the {n} real / {m} generated samples; used subsets of {size}";
        }

        using var scope = NewDisposeScope();
        var x = real.detach().to(ScalarType.Float64, CPU);
        var y = generated.detach().to(ScalarType.Float64, CPU);
        long d = x.shape[1];
        var random = new Random(seed);
        var estimates = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            using var inner = NewDisposeScope();
            var xs = x.index_select(0, tensor(Choose(random, n, size)));
            var ys = y.index_select(0, tensor(Choose(random, m, size)));
            var kxx = Kernel(xs, xs, d);
            var kyy = Kernel(ys, ys, d);
            var kxy = Kernel(xs, ys, d);
            double sameX = (kxx.sum() - kxx.trace()).item<double>();
            double sameY = (kyy.sum() - kyy.trace()).item<double>();
            double cross = kxy.sum().item<double>();
            estimates[s] = (sameX + sameY) / ((double)size * (size - 1)) - 2 * cross / ((double)size * size);
        }
        double mean = estimates.Average();
        double std = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / subsets);
        return new KernelInceptionDistanceResult(mean, std, size, subsets, warning);
    }

    public static KernelInceptionDistanceResult Compute(float[,] real, float[,] generated, int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, int seed = 0)
    {
        using var x = tensor(real);
        using var y = tensor(generated);
        return Compute(x, y, subsets, subsetSize, seed);
    }

    private static Tensor Kernel(Tensor a, Tensor b, long d) => (a.matmul(b.t()) / d + 1).pow(3);

    /// <summary><paramref name="count"/> distinct indices out of [0, n), by a partial Fisher-Yates shuffle.</summary>
    private static long[] Choose(Random random, int n, int count)
    {
        var indices = new long[n];
        for (int i = 0; i < n; i++) indices[i] = i;
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, n);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return indices[..count];
    }
}
