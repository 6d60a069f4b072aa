using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Models;

/// <summary>
/// Random Fourier features (Tancik et al., NeurIPS 2020): x -> [x, sin(2 pi x B), cos(2 pi x B)] with a fixed
/// random frequency matrix B ~ N(0, scale^2) of shape [input, count]. Lets a small MLP represent the sharp,
/// bump-shaped potential of many separated modes, which plain ELU layers approximate with ridges. Not in
/// the Coulomb GAN paper. B is a buffer: drawn from torch's global generator at construction and saved
/// with the module.
/// </summary>
public sealed class FourierFeatures : nn.Module<Tensor, Tensor>
{
    private readonly Tensor frequencies;

    public FourierFeatures(int inputSize, int count, double scale) : base(nameof(FourierFeatures))
    {
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "input size must be positive");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "feature count must be positive");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "frequency scale must be a positive number");
        InputSize = inputSize;
        Count = count;
        frequencies = (torch.randn(inputSize, count) * scale).DetachFromDisposeScope();
        RegisterComponents();
    }

    public int InputSize { get; }

    public int Count { get; }

    /// <summary>Width of the output: input + 2 x count.</summary>
    public int OutputSize => InputSize + 2 * Count;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var angles = x.matmul(frequencies) * (2 * Math.PI);
        return torch.cat(new[] { x, angles.sin(), angles.cos() }, 1).MoveToOuterDisposeScope();
    }
}
