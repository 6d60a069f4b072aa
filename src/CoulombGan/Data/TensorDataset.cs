using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Data;

/// <summary>A fixed training set held in memory; minibatches are drawn uniformly with replacement.</summary>
public sealed class TensorDataset : ISampleSource, IDisposable
{
    private readonly Tensor _samples;

    public TensorDataset(Tensor samples, Tensor? labels = null)
    {
        if (samples.dim() < 2) throw new ArgumentException($"samples must have shape [N, ...], got [{string.Join(", ", samples.shape)}]");
        if (samples.shape[0] == 0) throw new ArgumentException("the dataset holds no samples");
        if (labels is not null && labels.shape[0] != samples.shape[0])
            throw new ArgumentException($"{labels.shape[0]} labels for {samples.shape[0]} samples");
        _samples = samples.to_type(ScalarType.Float32).DetachFromDisposeScope();
        Labels = labels?.DetachFromDisposeScope();
    }

    /// <summary>All samples, [N, ..SampleShape].</summary>
    public Tensor Samples => _samples;

    /// <summary>Class labels (int64, [N]) where the dataset has them.</summary>
    public Tensor? Labels { get; }

    public long Count => _samples.shape[0];

    public long[] SampleShape => _samples.shape[1..];

    public Tensor Sample(int count, Generator generator)
    {
        using var indices = torch.randint(0, Count, new long[] { count }, dtype: ScalarType.Int64, generator: generator);
        return _samples.index_select(0, indices);
    }

    public void Dispose()
    {
        _samples.Dispose();
        Labels?.Dispose();
    }
}
