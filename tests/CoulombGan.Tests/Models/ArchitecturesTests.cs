using CoulombGan.Models;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Models;

public sealed class ArchitecturesTests
{
    [Fact]
    public void Mlp_pair_matches_paper_discriminator_and_documented_generator()
    {
        using var scope = NewDisposeScope();
        var (g, d) = Architectures.Create("mlp", [2]);
        using var _ = g; using var __ = d;
        Assert.IsType<MlpGenerator>(g);
        Assert.IsType<MlpDiscriminator>(d);
        Assert.Equal(16, g.LatentSize);
        Assert.Equal(new long[] { 10, 2 }, g.forward(randn(10, 16)).shape);
        Assert.Equal(new long[] { 10 }, d.forward(randn(10, 2)).shape);
        // D: 2 hidden layers of 128 ELU units (paper A.5).
        Assert.Equal((2 * 128 + 128) + (128 * 128 + 128) + (128 + 1), MlpNetworkTests.ParameterCount(d));
    }

    [Fact]
    public void Explicit_latent_size_overrides_the_default()
    {
        var (g, d) = Architectures.Create("DCGAN", [3, 32, 32], latentSize: 100);
        using var _ = g; using var __ = d;
        Assert.Equal(100, g.LatentSize);
    }

    [Fact]
    public void Unknown_name_is_rejected_with_the_supported_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Architectures.Create("resnet", [3, 32, 32]));
        Assert.Contains("mlp", e.Message);
        Assert.Contains("dcgan", e.Message);
    }

    [Theory]
    [InlineData(3, 48, 48)]
    [InlineData(3, 32, 28)]
    [InlineData(0, 32, 32)]
    public void Unsupported_image_shape_is_rejected_with_the_supported_shapes(long c, long h, long w)
    {
        var e = Assert.Throws<ArgumentException>(() => Architectures.Create("dcgan", [c, h, w]));
        Assert.Contains("28", e.Message);
        Assert.Contains("64", e.Message);
    }

    [Fact]
    public void Mlp_rejects_image_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Architectures.Create("mlp", [1, 28, 28]));
        Assert.Contains("[D]", e.Message);
    }
}
