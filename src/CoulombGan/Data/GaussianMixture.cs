using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Data;

/// <summary>
/// An equally weighted mixture of isotropic Gaussians in the plane: the 2-D toy data of the paper.
/// A sample picks a component uniformly (torch.randint) and adds N(0, σ² I) noise (torch.randn),
/// both drawn from the caller's generator, in that order.
/// </summary>
public sealed class GaussianMixture : ISampleSource
{
    /// <summary>Size of the fixed training set of the paper's toy experiment (100K points).</summary>
    public const int PaperTrainingSetSize = 100_000;

    private readonly (double X, double Y)[] _centres;
    private readonly float[] _flatCentres;
    private readonly double[] _weights;

    public GaussianMixture(IEnumerable<(double X, double Y)> centres, double standardDeviation)
    {
        _centres = centres.ToArray();
        if (_centres.Length == 0) throw new ArgumentException("a mixture needs at least one component", nameof(centres));
        if (!(standardDeviation >= 0) || double.IsInfinity(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "must be finite and non-negative");
        StandardDeviation = standardDeviation;
        _flatCentres = _centres.SelectMany(c => new[] { (float)c.X, (float)c.Y }).ToArray();
        _weights = Enumerable.Repeat(1.0 / _centres.Length, _centres.Length).ToArray();
    }

    /// <summary>
    /// The paper's 25-component grid: centres at {-21, -10.5, 0, 10.5, 21}² (row-major, y varying fastest),
    /// each with standard deviation 1, equal weights.
    /// </summary>
    public static GaussianMixture Grid25()
    {
        var axis = Enumerable.Range(0, 5).Select(i => -21.0 + 10.5 * i).ToArray();
        return new GaussianMixture(axis.SelectMany(x => axis.Select(y => (x, y))), standardDeviation: 1.0);
    }

    /// <summary>
    /// Eight components evenly spaced on a circle of radius 2 (the k-th at angle 2πk/8), standard deviation 0.02,
    /// equal weights. These are the values of the "mixture of 8 Gaussians" of Metz et al. (2017), Unrolled
    /// Generative Adversarial Networks, which later GAN papers reuse for the ring toy problem.
    /// </summary>
    public static GaussianMixture Ring8()
    {
        const double radius = 2.0;
        var centres = Enumerable.Range(0, 8).Select(k => 2 * Math.PI * k / 8).Select(a => (radius * Math.Cos(a), radius * Math.Sin(a)));
        return new GaussianMixture(centres, standardDeviation: 0.02);
    }

    /// <summary>Component means, indexed by component.</summary>
    public IReadOnlyList<(double X, double Y)> Centres => _centres;

    /// <summary>Standard deviation σ of every component along each axis (covariance σ² I).</summary>
    public double StandardDeviation { get; }

    /// <summary>Mixture weights (all equal), indexed by component.</summary>
    public IReadOnlyList<double> Weights => _weights;

    public long[] SampleShape => [2];

    public Tensor Sample(int count, Generator generator)
    {
        var (samples, components) = SampleWithComponents(count, generator);
        components.Dispose();
        return samples;
    }

    /// <summary>Draws <paramref name="count"/> samples (float32 [count, 2]) and the component each came from (int64 [count]).</summary>
    public (Tensor Samples, Tensor Components) SampleWithComponents(int count, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var scope = torch.NewDisposeScope();
        var components = torch.randint(0, _centres.Length, [count], dtype: ScalarType.Int64, generator: generator);
        var noise = torch.randn([count, 2], dtype: ScalarType.Float32, generator: generator);
        var centres = torch.tensor(_flatCentres, [_centres.Length, 2]);
        var samples = centres.index_select(0, components).add_(noise.mul_(StandardDeviation));
        return (samples.MoveToOuterDisposeScope(), components.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// A fixed training set of <paramref name="size"/> points drawn from a generator seeded with <paramref name="seed"/>;
    /// the labels are the component indices.
    /// </summary>
    public TensorDataset TrainingSet(int size = PaperTrainingSetSize, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        using var generator = new Generator(unchecked((ulong)seed));
        var (samples, components) = SampleWithComponents(size, generator);
        using (samples)
        {
            return new TensorDataset(samples, components);
        }
    }
}
