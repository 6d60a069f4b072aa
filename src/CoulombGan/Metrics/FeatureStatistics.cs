using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// Mean and covariance (N - 1 denominator, like <c>numpy.cov</c>) of feature vectors, accumulated in float64
/// over any number of batches: call <see cref="Add(Tensor)"/> per batch, then <see cref="Finish"/>.
/// The result does not depend on how the features were split into batches.
/// </summary>
/// <remarks>
/// Sums are taken of x - s, where the shift s is the first feature vector seen (the "shifted data" form),
/// so the final subtraction of the mean's outer product does not cancel catastrophically when the mean is
/// large compared with the spread.
/// </remarks>
public sealed class FeatureStatistics : IDisposable
{
    private Tensor? shift;       // [D], float64
    private readonly Tensor sum;          // [D], sum of (x - shift)
    private readonly Tensor outerSum;     // [D, D], sum of (x - shift)(x - shift)^T
    private double[]? mu;
    private double[,]? sigma;

    public FeatureStatistics(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        sum = zeros(dimension, dtype: ScalarType.Float64);
        outerSum = zeros(dimension, dimension, dtype: ScalarType.Float64);
    }

    public int Dimension { get; }

    /// <summary>Feature vectors added so far.</summary>
    public long Count { get; private set; }

    public bool IsFinished => mu is not null;

    /// <summary>Mean, length D; available after <see cref="Finish"/>.</summary>
    public double[] Mu => mu ?? throw new InvalidOperationException("call Finish before reading Mu");

    /// <summary>Covariance, [D, D], N - 1 denominator; available after <see cref="Finish"/>.</summary>
    public double[,] Sigma => sigma ?? throw new InvalidOperationException("call Finish before reading Sigma");

    /// <summary>
    /// Set by <see cref="Finish"/> when there are fewer samples than feature dimensions: the covariance then has
    /// rank at most N - 1 and Frechet distances from it are biased and unstable. Null otherwise.
    /// </summary>
    public string? Warning { get; private set; }

    /// <summary>Adds a batch of features, [N, D], any floating dtype and device.</summary>
    public void Add(Tensor batch)
    {
        if (IsFinished) throw new InvalidOperationException("statistics are finished; create a new FeatureStatistics to add more");
        if (batch.dim() != 2 || batch.shape[1] != Dimension)
            throw new ArgumentException($"features must be [N, {Dimension}], got [{string.Join(", ", batch.shape)}]");
        if (batch.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        var x = batch.detach().to(ScalarType.Float64, CPU);
        if (shift is null)
        {
            shift = x[0].clone();
            shift.DetachFromDisposeScope();
        }
        var centred = x - shift;
        sum.add_(centred.sum(dim: 0)); // named: a literal 0 would bind to sum(ScalarType)
        outerSum.add_(centred.t().matmul(centred));
        Count += batch.shape[0];
    }

    /// <summary>Adds a batch of features, [N, D].</summary>
    public void Add(float[,] batch)
    {
        using var features = tensor(batch);
        Add(features);
    }

    /// <summary>Computes <see cref="Mu"/> and <see cref="Sigma"/>; needs at least 2 samples.</summary>
    public void Finish()
    {
        if (IsFinished) return;
        if (Count < 2) throw new InvalidOperationException($"a covariance needs at least 2 feature vectors, {Count} were added");
        using var scope = NewDisposeScope();
        var meanShifted = sum / Count;
        var covariance = (outerSum - Count * meanShifted.outer(meanShifted)) / (Count - 1);
        covariance = (covariance + covariance.t()) / 2;
        mu = (meanShifted + shift!).data<double>().ToArray();
        var flat = covariance.contiguous().data<double>().ToArray();
        sigma = new double[Dimension, Dimension];
        Buffer.BlockCopy(flat, 0, sigma, 0, flat.Length * sizeof(double));
        if (Count < Dimension)
            Warning = $"only {Count} samples for {Dimension} feature dimensions: the covariance has rank at most {Count - 1}, so Frechet distances from it are biased and unreliable; use at least {Dimension} samples (FID's protocol uses 50000)";
    }

    public void Dispose()
    {
        shift?.Dispose();
        sum.Dispose();
        outerSum.Dispose();
    }
}
