using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Models;

/// <summary>
/// Depth and widths of the paper's DCGAN variant (Sec. 3.1) for one image shape [C, H, W]. All kernels are 5×5 with
/// stride 2 and "same"-style padding, so every layer halves (D) or doubles (G) the spatial size exactly.
/// The depth follows the image size only (never the batch size, unlike the authors' code):
/// <list type="bullet">
/// <item>64×64: G 4×4×1024 → 512 → 256 → 128 → C; D 128-256-512-1024 (paper, LSUN / CelebA).</item>
/// <item>32×32: G 4×4×512 → 256 → 128 → C; D 128-256-512 (paper, CIFAR-10).</item>
/// <item>28×28: G 7×7×256 → 128 → C; D 128-256. This project's scaled-down variant for (Fashion-)MNIST: same rules
/// (last G width 128, widths doubling towards z; D widths doubling from 128), one layer fewer than 32×32 because
/// 28 = 7·2² does not halve down to 4.</item>
/// </list>
/// </summary>
public sealed record DcganLayout(int Channels, int ImageSize, int BaseSize, int Upsamplings)
{
    /// <summary>Width of the last hidden generator layer and of the first discriminator layer (D: twice DCGAN's 64).</summary>
    public const int Width = 128;

    public const int KernelSize = 5;

    public static readonly IReadOnlyList<int> SupportedImageSizes = [28, 32, 64];

    public static string SupportedShapesText => "[C, 28, 28], [C, 32, 32] or [C, 64, 64] with C >= 1";

    /// <summary>Channels of the generator's base tensor (BaseSize × BaseSize).</summary>
    public int GeneratorBaseChannels => Width << (Upsamplings - 1);

    /// <summary>Channels of conv layer i of the discriminator, i = 0..Upsamplings-1.</summary>
    public int DiscriminatorWidth(int layer) => Width << layer;

    public static bool TryFor(long[] sampleShape, out DcganLayout layout)
    {
        layout = null!;
        if (sampleShape.Length != 3 || sampleShape[0] < 1 || sampleShape[1] != sampleShape[2]) return false;
        (int baseSize, int ups) = sampleShape[1] switch
        {
            28 => (7, 2),
            32 => (4, 3),
            64 => (4, 4),
            _ => (0, 0),
        };
        if (ups == 0) return false;
        layout = new DcganLayout((int)sampleShape[0], (int)sampleShape[1], baseSize, ups);
        return true;
    }

    public static DcganLayout For(long[] sampleShape) =>
        TryFor(sampleShape, out var layout)
            ? layout
            : throw new ArgumentException(
                $"DCGAN supports sample shapes {SupportedShapesText}; got [{string.Join(", ", sampleShape)}]", nameof(sampleShape));

    public long[] SampleShape => [Channels, ImageSize, ImageSize];

    // DCGAN initialisation (Radford et al. 2016): weights ~ N(0, 0.02), biases 0. Batch norm keeps γ = 1, β = 0.
    // TorchSharp's init functions ignore a generator argument: seed with torch.manual_seed before construction.
    internal static T Init<T>(T layer) where T : nn.Module
    {
        foreach (var (name, p) in layer.named_parameters())
        {
            if (name == "weight") nn.init.normal_(p, 0.0, 0.02);
            else if (name == "bias") nn.init.zeros_(p);
        }
        return layer;
    }
}

/// <summary>
/// The paper's DCGAN generator: z → linear (no bias) → BaseSize×BaseSize×C0 → batch norm + ReLU, then
/// 5×5 stride-2 transposed convolutions halving the channels (batch norm + ReLU), and a last transposed
/// convolution to the image channels with tanh, so samples lie in [-1, 1].
/// <para>
/// Batch norm: in training mode (<c>train()</c>, the default) it normalises with the statistics of the current batch
/// and updates running averages (momentum 0.1, i.e. roughly the last 10–20 training batches). For sampling call
/// <c>eval()</c>: samples then use those running statistics, so a sample does not depend on the other samples in its
/// batch (the authors' code always used batch statistics, even for FID; this project does not). The running variance
/// starts at 1 while the first layer's variance under this initialisation is about LatentSize·0.02², so eval-mode
/// samples are only meaningful after roughly 100 training-mode batches (0.9^100 ≈ 3e-5).
/// Layers followed by batch norm have no bias (it would be cancelled by the normalisation).
/// </para>
/// </summary>
public sealed class DcganGenerator : GeneratorNetwork
{
    private readonly Linear project;
    private readonly BatchNorm2d project_bn;
    private readonly Sequential body;
    private readonly DcganLayout layout;

    public DcganGenerator(int latentSize, long[] sampleShape)
        : base(nameof(DcganGenerator), latentSize, (long[])sampleShape.Clone())
    {
        if (latentSize < 1) throw new ArgumentOutOfRangeException(nameof(latentSize), latentSize, "latent size must be positive");
        layout = DcganLayout.For(sampleShape);
        long c0 = layout.GeneratorBaseChannels, s0 = layout.BaseSize;
        project = DcganLayout.Init(nn.Linear(latentSize, c0 * s0 * s0, hasBias: false));
        project_bn = nn.BatchNorm2d(c0);

        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = c0;
        for (int i = 1; i < layout.Upsamplings; i++)
        {
            modules.Add(($"deconv{i}", DcganLayout.Init(Deconv(channels, channels / 2, bias: false))));
            modules.Add(($"bn{i}", nn.BatchNorm2d(channels / 2)));
            modules.Add(($"relu{i}", nn.ReLU()));
            channels /= 2;
        }
        modules.Add(("deconv_out", DcganLayout.Init(Deconv(channels, layout.Channels, bias: true))));
        modules.Add(("tanh", nn.Tanh()));
        body = nn.Sequential(modules);
        RegisterComponents();
    }

    public DcganLayout Layout => layout;

    /// <summary>z: [N, LatentSize] → images [N, C, H, W] in [-1, 1].</summary>
    public override Tensor forward(Tensor z)
    {
        using var projected = project.forward(z);
        using var grid = projected.view(-1, layout.GeneratorBaseChannels, layout.BaseSize, layout.BaseSize);
        using var normed = project_bn.forward(grid);
        using var h = nn.functional.relu(normed);
        return body.forward(h);
    }

    private static ConvTranspose2d Deconv(long input, long output, bool bias) =>
        nn.ConvTranspose2d(input, output, DcganLayout.KernelSize, stride: 2, padding: 2, output_padding: 1, bias: bias);
}

/// <summary>
/// The paper's DCGAN discriminator: 5×5 stride-2 convolutions with LeakyReLU(0.2), widths doubling from 128
/// (twice DCGAN's), no batch norm, flatten, one linear unit. Depth follows the image size (<see cref="DcganLayout"/>).
/// Input [N, C, H, W] (or [N, C·H·W]); output [N].
/// </summary>
public sealed class DcganDiscriminator : DiscriminatorNetwork
{
    private readonly Sequential features;
    private readonly Linear output;
    private readonly DcganLayout layout;

    public DcganDiscriminator(long[] sampleShape)
        : base(nameof(DcganDiscriminator), (long[])sampleShape.Clone())
    {
        layout = DcganLayout.For(sampleShape);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        long channels = layout.Channels;
        for (int i = 0; i < layout.Upsamplings; i++)
        {
            long width = layout.DiscriminatorWidth(i);
            modules.Add(($"conv{i}", DcganLayout.Init(
                nn.Conv2d(channels, width, DcganLayout.KernelSize, stride: 2, padding: 2))));
            modules.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
            channels = width;
        }
        features = nn.Sequential(modules);
        output = DcganLayout.Init(nn.Linear(channels * layout.BaseSize * layout.BaseSize, 1));
        RegisterComponents();
    }

    public DcganLayout Layout => layout;

    public override Tensor forward(Tensor x)
    {
        long perSample = layout.Channels * layout.ImageSize * layout.ImageSize;
        if (x.dim() < 2 || x.numel() != x.shape[0] * perSample)
            throw new ArgumentException(
                $"expected samples of shape [N, {layout.Channels}, {layout.ImageSize}, {layout.ImageSize}], got [{string.Join(", ", x.shape)}]", nameof(x));
        using var images = x.view(-1, layout.Channels, layout.ImageSize, layout.ImageSize);
        using var h = features.forward(images);
        using var flat = h.flatten(1);
        using var y = output.forward(flat);
        return y.squeeze(-1);
    }
}
