using CoulombGan.Potential;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// k-nearest-neighbour balls around feature vectors, the shared part of improved precision/recall and
/// density/coverage. Distances are Euclidean, computed in float32 in the matmul form
/// |a|^2 + |b|^2 - 2 a.b clamped at 0, a chunk of rows at a time; radii and comparisons use squared distances.
/// </summary>
internal static class ManifoldBalls
{
    /// <summary>Rows per chunk: a chunk against 50 000 points is a 200 MB float32 matrix.</summary>
    public const int ChunkRows = 1024;

    /// <summary>[N, D] features as a contiguous float32 CPU tensor.</summary>
    public static Tensor Prepare(Tensor features, string name)
    {
        if (features.dim() != 2) throw new ArgumentException($"{name} must be [N, D], got [{string.Join(", ", features.shape)}]", name);
        return features.detach().to(ScalarType.Float32, CPU).contiguous();
    }

    public static void CheckDimensions(Tensor a, Tensor b)
    {
        if (a.shape[1] != b.shape[1]) throw new ArgumentException($"feature dimensions differ: {a.shape[1]} and {b.shape[1]}");
    }

    /// <summary>Squared distance from each point to its k-th nearest other point (itself excluded by index), [N].</summary>
    public static Tensor KthNeighbourSquaredRadii(Tensor points, int k)
    {
        long n = points.shape[0];
        if (k < 1 || k >= n) throw new ArgumentException($"k = {k} nearest neighbours need more than k points; got {n}");
        var radii = empty(n, dtype: ScalarType.Float32);
        for (long start = 0; start < n; start += ChunkRows)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(ChunkRows, n - start);
            var squared = SquaredDistances.Between(points.narrow(0, start, length), points);
            squared.diagonal(start).fill_(float.PositiveInfinity); // entries (i, start + i): each point and itself
            var (smallest, _) = squared.topk(k, dim: 1, largest: false, sorted: true);
            radii.narrow(0, start, length).copy_(smallest.select(1, k - 1));
        }
        return radii;
    }

    /// <summary>Calls <paramref name="visit"/> with each chunk of rows of <paramref name="queries"/> (start row, [rows, M] squared distances to <paramref name="references"/>).</summary>
    public static void ForEachChunk(Tensor queries, Tensor references, Action<long, Tensor> visit)
    {
        long n = queries.shape[0];
        for (long start = 0; start < n; start += ChunkRows)
        {
            using var scope = NewDisposeScope();
            long length = Math.Min(ChunkRows, n - start);
            visit(start, SquaredDistances.Between(queries.narrow(0, start, length), references));
        }
    }
}
