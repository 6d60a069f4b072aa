using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Models;

/// <summary>G: maps latent codes z ~ N(0, I) of size <see cref="LatentSize"/> to samples of shape <see cref="SampleShape"/>.</summary>
public abstract class GeneratorNetwork : nn.Module<Tensor, Tensor>
{
    protected GeneratorNetwork(string name, int latentSize, long[] sampleShape) : base(name)
    {
        LatentSize = latentSize;
        SampleShape = sampleShape;
    }

    public int LatentSize { get; }

    public long[] SampleShape { get; }
}

/// <summary>D: maps samples of shape <see cref="SampleShape"/> to one real number each, output shape [N].</summary>
public abstract class DiscriminatorNetwork : nn.Module<Tensor, Tensor>
{
    protected DiscriminatorNetwork(string name, long[] sampleShape) : base(name)
    {
        SampleShape = sampleShape;
    }

    public long[] SampleShape { get; }
}
