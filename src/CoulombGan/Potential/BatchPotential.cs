using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Potential;

/// <summary>
/// The minibatch potential of Eq. (8)/(32): Phi(a) = 1/Ny sum_i k(a, y_i) - 1/Nx sum_i k(a, x_i),
/// with real samples y as positive and generated samples x as negative charges. Positive where
/// real data dominates (the paper's sign).
/// </summary>
/// <remarks>
/// Charges are detached (Algorithm 1, A.6): gradients flow only through evaluation points.
/// Samples of any shape are flattened to vectors. Distances are computed for chunks of
/// evaluation points at a time, so memory is O(chunk x charges), never O(points x charges x dim).
/// </remarks>
public sealed class BatchPotential : IDisposable
{
    private readonly Tensor _real;
    private readonly Tensor _generated;

    /// <param name="kernel">The Plummer kernel.</param>
    /// <param name="real">Real samples y (positive charges), [Ny, ...].</param>
    /// <param name="generated">Generated samples x (negative charges), [Nx, ...].</param>
    /// <param name="includeSelfInteraction">
    /// At a point that is itself a charge (see <see cref="AtCharges"/>), keep its own k(a, a) = eps^-d
    /// in the mean (true: the paper's estimator Eq. 32 and the authors' code), or leave it out and
    /// average over the other charges of that set (false: the leave-one-out estimate).
    /// </param>
    /// <param name="chunkSize">Evaluation points per distance block.</param>
    public BatchPotential(PlummerKernel kernel, Tensor real, Tensor generated, bool includeSelfInteraction = true, int chunkSize = 1024)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "chunk size must be at least 1");
        if (real.shape[0] < 1 || generated.shape[0] < 1) throw new ArgumentException("both charge sets need at least one sample");
        _real = Flatten(real).detach().DetachFromDisposeScope();
        _generated = Flatten(generated).detach().DetachFromDisposeScope();
        if (_real.shape[1] != _generated.shape[1])
            throw new ArgumentException($"real samples have {_real.shape[1]} features but generated samples have {_generated.shape[1]}");
        if (!includeSelfInteraction && (_real.shape[0] < 2 || _generated.shape[0] < 2))
            throw new ArgumentException("leaving out self-interaction needs at least two samples in each charge set");
        Kernel = kernel;
        IncludeSelfInteraction = includeSelfInteraction;
        ChunkSize = chunkSize;
    }

    public PlummerKernel Kernel { get; }

    public bool IncludeSelfInteraction { get; }

    public int ChunkSize { get; }

    /// <summary>Phi(a) at arbitrary points a, [N, ...] -> [N]; differentiable with respect to a.</summary>
    public Tensor At(Tensor points)
    {
        using var scope = NewDisposeScope();
        var a = Flatten(points);
        var phi = KernelSums(a, _real, diagonalIsSelf: false) / _real.shape[0]
                - KernelSums(a, _generated, diagonalIsSelf: false) / _generated.shape[0];
        return phi.MoveToOuterDisposeScope();
    }

    /// <summary>Phi at the charges themselves: (Phi(y_i), Phi(x_i)), with self-interaction as configured.</summary>
    public (Tensor AtReal, Tensor AtGenerated) AtCharges()
    {
        using var scope = NewDisposeScope();
        long ny = _real.shape[0], nx = _generated.shape[0];
        var realFromReal = KernelSums(_real, _real, diagonalIsSelf: true);
        var generatedFromGenerated = KernelSums(_generated, _generated, diagonalIsSelf: true);
        double sameSetCountY = ny, sameSetCountX = nx;
        if (!IncludeSelfInteraction)
        {
            realFromReal = realFromReal - Kernel.SelfValue;
            generatedFromGenerated = generatedFromGenerated - Kernel.SelfValue;
            sameSetCountY = ny - 1;
            sameSetCountX = nx - 1;
        }
        var atReal = realFromReal / sameSetCountY - KernelSums(_real, _generated, diagonalIsSelf: false) / nx;
        var atGenerated = KernelSums(_generated, _real, diagonalIsSelf: false) / ny - generatedFromGenerated / sameSetCountX;
        return (atReal.MoveToOuterDisposeScope(), atGenerated.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The field E(a) = -grad_a Phi(a) (Eq. 6, 34) in closed form, [N, ...] -> [N, D] (flattened).
    /// </summary>
    public Tensor Field(Tensor points)
    {
        using var scope = NewDisposeScope();
        var a = Flatten(points);
        var field = FieldFrom(a, _real) / _real.shape[0] - FieldFrom(a, _generated) / _generated.shape[0];
        return field.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The minibatch energy F of Eq. (33), 1/2 (mean_i Phi(y_i) - mean_i Phi(x_i)), with every pair,
    /// self-pairs included, as in Eq. (33). Non-negative for a positive-definite kernel.
    /// </summary>
    public double Energy()
    {
        using var scope = NewDisposeScope();
        long ny = _real.shape[0], nx = _generated.shape[0];
        var yy = KernelSums(_real, _real, diagonalIsSelf: true).sum().to_type(ScalarType.Float64).item<double>();
        var yx = KernelSums(_real, _generated, diagonalIsSelf: false).sum().to_type(ScalarType.Float64).item<double>();
        var xx = KernelSums(_generated, _generated, diagonalIsSelf: true).sum().to_type(ScalarType.Float64).item<double>();
        return 0.5 * (yy / ((double)ny * ny) - 2 * yx / ((double)ny * nx) + xx / ((double)nx * nx));
    }

    /// <summary>sum_j k(a_i, c_j) for each point, [N].</summary>
    private Tensor KernelSums(Tensor points, Tensor charges, bool diagonalIsSelf)
    {
        var parts = new List<Tensor>();
        for (long start = 0; start < points.shape[0]; start += ChunkSize)
        {
            long length = Math.Min(ChunkSize, points.shape[0] - start);
            var distances = SquaredDistances.Between(points.narrow(0, start, length), charges);
            if (diagonalIsSelf) distances = ZeroSelfDistances(distances, start);
            parts.Add(Kernel.Evaluate(distances).sum(1));
        }
        return parts.Count == 1 ? parts[0] : torch.cat(parts, 0);
    }

    /// <summary>sum_j w(|a_i - c_j|^2) (a_i - c_j) = -sum_j grad k(a_i, c_j), [N, D].</summary>
    private Tensor FieldFrom(Tensor points, Tensor charges)
    {
        var parts = new List<Tensor>();
        for (long start = 0; start < points.shape[0]; start += ChunkSize)
        {
            long length = Math.Min(ChunkSize, points.shape[0] - start);
            var chunk = points.narrow(0, start, length);
            var weights = Kernel.GradientWeight(SquaredDistances.Between(chunk, charges));
            parts.Add(chunk * weights.sum(1, keepdim: true) - weights.matmul(charges));
        }
        return parts.Count == 1 ? parts[0] : torch.cat(parts, 0);
    }

    /// <summary>A charge's distance to itself is exactly 0, whatever rounding the matrix product left.</summary>
    private static Tensor ZeroSelfDistances(Tensor distances, long rowOffset)
    {
        distances.narrow(1, rowOffset, distances.shape[0]).diagonal().fill_(0);
        return distances;
    }

    private static Tensor Flatten(Tensor samples) =>
        samples.dim() == 2 ? samples : samples.reshape(samples.shape[0], -1);

    public void Dispose()
    {
        _real.Dispose();
        _generated.Dispose();
    }
}
