using CoulombGan.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Models;

public sealed class DcganNetworkTests
{
    public static TheoryData<long, long, int> Shapes => new()
    {
        { 1, 28, 16 },
        { 3, 28, 16 },
        { 1, 32, 16 },
        { 3, 32, 16 },
        { 3, 64, 32 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generator_and_discriminator_have_the_sample_shape_and_paper_latent_size(long channels, long size, int latent)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(2);
        var (g, d) = Architectures.Create("dcgan", [channels, size, size]);
        using var _ = g; using var __ = d;
        Assert.Equal(latent, g.LatentSize);
        var x = g.forward(randn(2, g.LatentSize));
        Assert.Equal(new long[] { 2, channels, size, size }, x.shape);
        Assert.Equal(new long[] { 2 }, d.forward(x).shape);
    }

    [Fact]
    public void Generator_parameter_counts_match_closed_form()
    {
        // Linear (no bias) z -> C0*s0*s0, BN (2*C0), deconvs 5x5 without bias + BN, last deconv with bias.
        long g28 = 16 * 256 * 7 * 7 + 2 * 256
                 + 256 * 128 * 25 + 2 * 128
                 + 128 * 1 * 25 + 1;
        long g32 = 16 * 512 * 4 * 4 + 2 * 512
                 + 512 * 256 * 25 + 2 * 256
                 + 256 * 128 * 25 + 2 * 128
                 + 128 * 3 * 25 + 3;
        long g64 = 32 * 1024 * 4 * 4 + 2 * 1024
                 + 1024 * 512 * 25 + 2 * 512
                 + 512 * 256 * 25 + 2 * 256
                 + 256 * 128 * 25 + 2 * 128
                 + 128 * 3 * 25 + 3;
        Assert.Equal(g28, Count(new DcganGenerator(16, [1, 28, 28])));
        Assert.Equal(g32, Count(new DcganGenerator(16, [3, 32, 32])));
        Assert.Equal(g64, Count(new DcganGenerator(32, [3, 64, 64])));
    }

    [Fact]
    public void Discriminator_parameter_counts_match_closed_form()
    {
        // Convs 5x5 with bias, widths 128, 256, 512, 1024; linear from the last 7x7 or 4x4 map to 1 unit.
        long d28 = 1 * 128 * 25 + 128
                 + 128 * 256 * 25 + 256
                 + 256 * 7 * 7 + 1;
        long d32 = 3 * 128 * 25 + 128
                 + 128 * 256 * 25 + 256
                 + 256 * 512 * 25 + 512
                 + 512 * 4 * 4 + 1;
        long d64 = 3 * 128 * 25 + 128
                 + 128 * 256 * 25 + 256
                 + 256 * 512 * 25 + 512
                 + 512 * 1024 * 25 + 1024
                 + 1024 * 4 * 4 + 1;
        Assert.Equal(d28, Count(new DcganDiscriminator([1, 28, 28])));
        Assert.Equal(d32, Count(new DcganDiscriminator([3, 32, 32])));
        Assert.Equal(d64, Count(new DcganDiscriminator([3, 64, 64])));
    }

    [Fact]
    public void Generator_output_lies_in_minus_one_to_one()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        using var g = new DcganGenerator(16, [1, 28, 28]);
        // Scale the last layer up so tanh saturates: the bound must still hold.
        using (no_grad()) g.state_dict()["body.deconv_out.weight"].mul_(200);
        var x = g.forward(randn(16, 16) * 10);
        Assert.True(x.min().item<float>() >= -1f);
        Assert.True(x.max().item<float>() <= 1f);
        Assert.True(x.abs().max().item<float>() > 0.99f, "the test should drive tanh into saturation");
    }

    [Fact]
    public void Discriminator_scores_each_sample_independently_of_batch_size()
    {
        // The authors' code derived D's depth from the batch size; here depth and output follow the image only.
        using var scope = NewDisposeScope();
        torch.manual_seed(4);
        using var d = new DcganDiscriminator([1, 28, 28]);
        int layers = d.modules().Count(m => m is TorchSharp.Modules.Conv2d);
        var x = rand(64, 1, 28, 28) * 2 - 1;
        var all = d.forward(x);
        foreach (int n in new[] { 1, 3, 64 })
        {
            var part = d.forward(x[..n]);
            Assert.Equal(new long[] { n }, part.shape);
            Assert.True(allclose(part, all[..n], rtol: 1e-4, atol: 1e-5));
        }
        Assert.Equal(2, layers);
        var (_, d64) = Architectures.Create("dcgan", [3, 64, 64]);
        using (d64) Assert.Equal(4, d64.modules().Count(m => m is TorchSharp.Modules.Conv2d));
    }

    [Fact]
    public void Discriminator_rejects_samples_of_the_wrong_size()
    {
        using var scope = NewDisposeScope();
        using var d = new DcganDiscriminator([1, 28, 28]);
        Assert.Throws<ArgumentException>(() => d.forward(zeros(2, 1, 32, 32)));
        Assert.Equal(new long[] { 2 }, d.forward(zeros(2, 28 * 28)).shape);
    }

    [Fact]
    public void Same_manual_seed_gives_identical_weights()
    {
        torch.manual_seed(42);
        var (g1, d1) = Architectures.Create("dcgan", [1, 28, 28]);
        torch.manual_seed(42);
        var (g2, d2) = Architectures.Create("dcgan", [1, 28, 28]);
        torch.manual_seed(43);
        var (g3, _) = Architectures.Create("dcgan", [1, 28, 28]);
        foreach (var (a, b) in new[] { (g1, g2), ((nn.Module)d1, (nn.Module)d2) })
        {
            var sa = a.state_dict();
            var sb = b.state_dict();
            Assert.Equal(sa.Keys, sb.Keys);
            foreach (var k in sa.Keys) Assert.True(sa[k].eq(sb[k]).all().item<bool>(), k);
        }
        Assert.False(g1.state_dict()["project.weight"].eq(g3.state_dict()["project.weight"]).all().item<bool>());
    }

    [Fact]
    public void Weights_follow_dcgan_initialisation()
    {
        torch.manual_seed(5);
        using var g = new DcganGenerator(16, [1, 28, 28]);
        var sd = g.state_dict();
        // 256*128*25 = 819200 draws: the sample std is within 1% of 0.02.
        Assert.Equal(0.02, sd["body.deconv1.weight"].std().item<float>(), 0.0002);
        Assert.Equal(0.0, sd["body.deconv_out.bias"].abs().max().item<float>());
        Assert.True(sd["project_bn.weight"].eq(1).all().item<bool>());
    }

    [Fact]
    public void Generator_in_eval_mode_samples_each_z_independently_of_the_batch()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(6);
        using var g = new DcganGenerator(16, [1, 28, 28]);
        var z = randn(8, 16);
        using (no_grad())
        {
            var trainAll = g.forward(z);
            var trainPart = g.forward(z[..2]);
            Assert.False(allclose(trainAll[..2], trainPart, rtol: 1e-3, atol: 1e-5), "training mode uses batch statistics");
            g.eval();
            var evalAll = g.forward(z);
            var evalPart = g.forward(z[..2]);
            Assert.True(allclose(evalAll[..2], evalPart, rtol: 1e-4, atol: 1e-6));
        }
    }

    [Fact]
    public void Generator_eval_output_approaches_train_output_once_running_statistics_are_warmed_up()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        using var g = new DcganGenerator(16, [1, 28, 28]);
        using (no_grad())
        {
            var z = randn(256, 16);
            g.eval();
            var coldEval = g.forward(z);
            g.train();
            // Momentum 0.1: the initial running variance 1 keeps weight 0.9^n. With N(0, 0.02) weights the first
            // layer's variance is about 16 * 0.02^2 = 0.0064, so 60 batches (0.9^60 ≈ 0.002) are not enough;
            // after 120 (0.9^120 ≈ 3e-6) only batch-to-batch noise remains.
            for (int i = 0; i < 120; i++) g.forward(randn(32, 16));
            g.eval();
            var warmEval = g.forward(z);
            g.train();
            var trainOut = g.forward(z);
            double cold = ((coldEval - trainOut).norm() / trainOut.norm()).item<float>();
            double warm = ((warmEval - trainOut).norm() / trainOut.norm()).item<float>();
            Assert.True(cold > 0.5, $"untouched running statistics should differ from batch statistics ({cold})");
            Assert.True(warm < 0.05, $"relative difference {warm}");
        }
    }

    private static long Count(nn.Module m)
    {
        using (m) return MlpNetworkTests.ParameterCount(m);
    }
}
