using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// Frechet distance between Gaussians N(mu1, S1) and N(mu2, S2) (FID when the features are Inception pool_3):
/// |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr(sqrt(sqrt(S1) S2 sqrt(S1))).
/// </summary>
/// <remarks>
/// tr(sqrt(S1 S2)) is computed as tr(sqrt(A S2 A)) with A = sqrt(S1): both square roots are of symmetric
/// positive semi-definite matrices, taken through symmetric eigendecompositions (torch.linalg.eigh, float64)
/// with eigenvalues clamped at 0. Unlike a general matrix square root this never gives complex values or NaN,
/// also for the rank-deficient covariances of fewer samples than dimensions.
/// Rounding can leave a result of about -1e-12 for identical statistics; results below 0 are returned as 0.
/// </remarks>
public static class FrechetDistance
{
    public static double Compute(FeatureStatistics first, FeatureStatistics second) =>
        Compute(first.Mu, first.Sigma, second.Mu, second.Sigma);

    public static double Compute(double[] mu1, double[,] sigma1, double[] mu2, double[,] sigma2)
    {
        int d = mu1.Length;
        if (mu2.Length != d) throw new ArgumentException($"means differ in length: {d} and {mu2.Length}");
        foreach (var (sigma, name) in new[] { (sigma1, nameof(sigma1)), (sigma2, nameof(sigma2)) })
        {
            if (sigma.GetLength(0) != d || sigma.GetLength(1) != d)
                throw new ArgumentException($"{name} is [{sigma.GetLength(0)}, {sigma.GetLength(1)}]; [{d}, {d}] expected", name);
        }
        if (!mu1.All(double.IsFinite) || !mu2.All(double.IsFinite) || !AllFinite(sigma1) || !AllFinite(sigma2))
            throw new ArgumentException("statistics contain NaN or infinite values");

        using var scope = NewDisposeScope();
        var s1 = Symmetric(sigma1);
        var s2 = Symmetric(sigma2);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        var a = SquareRoot(s1);
        var product = a.matmul(s2).matmul(a);
        var eigenvalues = linalg.eigvalsh((product + product.t()) / 2).clamp_min(0);
        double traceOfRoot = eigenvalues.sqrt().sum().item<double>();
        double distance = meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceOfRoot;
        return Math.Max(distance, 0);
    }

    private static Tensor Symmetric(double[,] sigma)
    {
        var s = tensor(sigma, dtype: ScalarType.Float64);
        return (s + s.t()) / 2;
    }

    /// <summary>The symmetric positive semi-definite square root V diag(sqrt(max(lambda, 0))) V^T.</summary>
    private static Tensor SquareRoot(Tensor symmetric)
    {
        var (values, vectors) = linalg.eigh(symmetric);
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
    }

    private static bool AllFinite(double[,] matrix)
    {
        foreach (var value in matrix)
            if (!double.IsFinite(value)) return false;
        return true;
    }
}
