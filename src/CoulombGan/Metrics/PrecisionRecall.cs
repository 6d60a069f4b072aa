using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <param name="Precision">Share of generated samples inside the real manifold.</param>
/// <param name="Recall">Share of real samples inside the generated manifold.</param>
public sealed record PrecisionRecallResult(double Precision, double Recall, int K);

/// <summary>
/// Improved precision and recall (Kynkaanniemi et al. 2019). The real manifold is the union of balls around
/// the real features, each with radius the distance to its k-th nearest other real feature; precision is the
/// share of generated features inside it (distance &lt;= radius, as in the paper's code). Recall is the same
/// with the roles swapped.
/// </summary>
public static class PrecisionRecall
{
    public const int DefaultK = 3;

    /// <param name="real">[N, D] features.</param>
    /// <param name="generated">[M, D] features.</param>
    public static PrecisionRecallResult Compute(Tensor real, Tensor generated, int k = DefaultK)
    {
        using var scope = NewDisposeScope();
        var r = ManifoldBalls.Prepare(real, nameof(real));
        var g = ManifoldBalls.Prepare(generated, nameof(generated));
        ManifoldBalls.CheckDimensions(r, g);
        double precision = ShareInside(g, r, ManifoldBalls.KthNeighbourSquaredRadii(r, k));
        double recall = ShareInside(r, g, ManifoldBalls.KthNeighbourSquaredRadii(g, k));
        return new PrecisionRecallResult(precision, recall, k);
    }

    public static PrecisionRecallResult Compute(float[,] real, float[,] generated, int k = DefaultK)
    {
        using var r = tensor(real);
        using var g = tensor(generated);
        return Compute(r, g, k);
    }

    /// <summary>Share of <paramref name="queries"/> within the ball of at least one of <paramref name="centres"/>.</summary>
    private static double ShareInside(Tensor queries, Tensor centres, Tensor squaredRadii)
    {
        long inside = 0;
        ManifoldBalls.ForEachChunk(queries, centres, (_, squared) =>
            inside += squared.le(squaredRadii.unsqueeze(0)).any(1).sum().item<long>());
        return (double)inside / queries.shape[0];
    }
}
