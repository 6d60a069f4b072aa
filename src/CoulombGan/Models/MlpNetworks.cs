using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Models;

/// <summary>
/// Fully connected generator for low-dimensional (toy) data: <c>layers</c> hidden layers of <c>hidden</c> ELU units,
/// linear output, no batch norm. The paper (A.5) specifies only D; the defaults chosen by
/// <see cref="Architectures"/> for G (3 hidden layers of 128 ELU units, z of size 16) are this project's choice.
/// Initialisation: TorchSharp's (PyTorch's) default for <c>Linear</c>; seed with <c>torch.manual_seed</c> before construction.
/// </summary>
public sealed class MlpGenerator : GeneratorNetwork
{
    private readonly Sequential net;

    public MlpGenerator(int latentSize, int hidden, int layers, int outputSize)
        : base(nameof(MlpGenerator), latentSize, [outputSize])
    {
        MlpLayers.Check(latentSize, hidden, layers, outputSize);
        net = MlpLayers.Build(latentSize, hidden, layers, outputSize);
        RegisterComponents();
    }

    /// <summary>z: [N, LatentSize] → samples [N, outputSize].</summary>
    public override Tensor forward(Tensor z) => net.forward(z);
}

/// <summary>
/// Fully connected discriminator for low-dimensional (toy) data, paper A.5: <c>layers</c> hidden layers of
/// <c>hidden</c> ELU units (the paper: 2 × 128), no batch norm, one linear output unit. Output shape [N].
/// </summary>
public sealed class MlpDiscriminator : DiscriminatorNetwork
{
    private readonly FourierFeatures? features;
    private readonly Sequential net;

    /// <param name="fourierFeatures">When positive, the input first passes through that many random Fourier features (see <see cref="FourierFeatures"/>; beyond the paper).</param>
    /// <param name="fourierScale">Standard deviation of the Fourier frequencies, in cycles per input unit.</param>
    /// <param name="fourierScaleMax">When set, the frequency scales run geometrically from <paramref name="fourierScale"/> to this.</param>
    public MlpDiscriminator(int inputSize, int hidden, int layers, int fourierFeatures = 0, double fourierScale = 0, double? fourierScaleMax = null)
        : base(nameof(MlpDiscriminator), [inputSize])
    {
        MlpLayers.Check(inputSize, hidden, layers, 1);
        if (fourierFeatures > 0) features = new FourierFeatures(inputSize, fourierFeatures, fourierScale, fourierScaleMax);
        net = MlpLayers.Build(features?.OutputSize ?? inputSize, hidden, layers, 1);
        RegisterComponents();
    }

    /// <summary>x: [N, inputSize] → [N].</summary>
    public override Tensor forward(Tensor x)
    {
        if (features is null)
        {
            using var y = net.forward(x);
            return y.squeeze(-1);
        }
        using var mapped = features.forward(x);
        using var z = net.forward(mapped);
        return z.squeeze(-1);
    }
}

internal static class MlpLayers
{
    public static void Check(int input, int hidden, int layers, int output)
    {
        if (input < 1) throw new ArgumentOutOfRangeException(nameof(input), input, "input size must be positive");
        if (hidden < 1) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden width must be positive");
        if (layers < 0) throw new ArgumentOutOfRangeException(nameof(layers), layers, "number of hidden layers must be >= 0");
        if (output < 1) throw new ArgumentOutOfRangeException(nameof(output), output, "output size must be positive");
    }

    /// <summary>Linear(input→hidden), ELU, …, Linear(hidden→output); named fc0, elu0, …, out.</summary>
    public static Sequential Build(int input, int hidden, int layers, int output)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long width = input;
        for (int i = 0; i < layers; i++)
        {
            modules.Add(($"fc{i}", nn.Linear(width, hidden)));
            modules.Add(($"elu{i}", nn.ELU()));
            width = hidden;
        }
        modules.Add(("out", nn.Linear(width, output)));
        return nn.Sequential(modules);
    }
}
