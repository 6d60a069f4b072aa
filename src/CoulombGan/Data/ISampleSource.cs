using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Data;

/// <summary>A source of real samples (the positive charges of the paper).</summary>
public interface ISampleSource
{
    /// <summary>Shape of one sample, e.g. [2] for points in the plane or [1, 28, 28] for a grey image.</summary>
    long[] SampleShape { get; }

    /// <summary>Draws <paramref name="count"/> samples as a float32 tensor of shape [count, ..SampleShape].</summary>
    Tensor Sample(int count, Generator generator);
}
