using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <param name="Density">(1 / (k M)) sum over generated samples of the number of real balls containing it; can exceed 1.</param>
/// <param name="Coverage">Share of real samples whose ball contains at least one generated sample.</param>
public sealed record DensityCoverageResult(double Density, double Coverage, int K);

/// <summary>
/// Density and coverage (Naeem et al. 2020): balls around the real features only, each with radius the
/// distance to its k-th nearest other real feature. A point is inside a ball when its distance is strictly
/// less than the radius, as in the paper's code.
/// </summary>
public static class DensityCoverage
{
    public const int DefaultK = 5;

    /// <param name="real">[N, D] features.</param>
    /// <param name="generated">[M, D] features.</param>
    public static DensityCoverageResult Compute(Tensor real, Tensor generated, int k = DefaultK)
    {
        using var scope = NewDisposeScope();
        var r = ManifoldBalls.Prepare(real, nameof(real));
        var g = ManifoldBalls.Prepare(generated, nameof(generated));
        ManifoldBalls.CheckDimensions(r, g);
        var radii = ManifoldBalls.KthNeighbourSquaredRadii(r, k).unsqueeze(0);
        long memberships = 0;
        ManifoldBalls.ForEachChunk(g, r, (_, squared) => memberships += squared.lt(radii).sum().item<long>());
        long covered = 0;
        ManifoldBalls.ForEachChunk(r, g, (start, squared) =>
        {
            var own = radii.squeeze(0).narrow(0, start, squared.shape[0]);
            covered += squared.min(1).values.lt(own).sum().item<long>();
        });
        return new DensityCoverageResult((double)memberships / ((double)k * g.shape[0]), (double)covered / r.shape[0], k);
    }

    public static DensityCoverageResult Compute(float[,] real, float[,] generated, int k = DefaultK)
    {
        using var r = tensor(real);
        using var g = tensor(generated);
        return Compute(r, g, k);
    }
}
