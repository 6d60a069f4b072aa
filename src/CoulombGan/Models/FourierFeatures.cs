using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Models;

/// <summary>
/// Random Fourier features (Tancik et al., NeurIPS 2020): x -> [x, sin(2 pi x B), cos(2 pi x B)] with a fixed
/// random frequency matrix B ~ N(0, scale^2) of shape [input, count]. Lets a small MLP represent the sharp,
/// bump-shaped potential of many separated modes, which plain ELU layers approximate with ridges. Not in
/// the Coulomb GAN paper. B is a buffer: drawn from torch's global generator at construction and saved
/// with the module. With a maximum scale, column j of B has std scale * (maxScale / scale)^(j / (count - 1)):
/// a bank of geometrically spaced scales, so that coarse columns resolve the layout of the modes and fine
/// ones the shape within a mode.
/// </summary>
public sealed class FourierFeatures : nn.Module<Tensor, Tensor>
{
    private readonly Tensor frequencies;

    /// <param name="scale">Std of the frequencies, in cycles per input unit (of the coarsest column with <paramref name="maxScale"/>).</param>
    /// <param name="maxScale">Std of the finest column; null or equal to <paramref name="scale"/> for one scale.</param>
    public FourierFeatures(int inputSize, int count, double scale, double? maxScale = null) : base(nameof(FourierFeatures))
    {
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "input size must be positive");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "feature count must be positive");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "frequency scale must be a positive number");
        double finest = maxScale ?? scale;
        if (!(finest >= scale) || double.IsInfinity(finest)) throw new ArgumentOutOfRangeException(nameof(maxScale), maxScale, "maximum frequency scale must be a number at least the scale");
        InputSize = inputSize;
        Count = count;
        frequencies = (torch.randn(inputSize, count) * ColumnScales(count, scale, finest)).DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>The std of each column of B: geometric from <paramref name="scale"/> to <paramref name="maxScale"/>.</summary>
    public static Tensor ColumnScales(int count, double scale, double maxScale)
    {
        var scales = new float[count];
        for (int j = 0; j < count; j++)
            scales[j] = (float)(count == 1 ? scale : scale * Math.Pow(maxScale / scale, (double)j / (count - 1)));
        return torch.tensor(scales);
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
