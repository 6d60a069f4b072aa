using CoulombGan.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Models;

public sealed class MlpNetworkTests
{
    [Fact]
    public void Mlp_generator_maps_latent_batch_to_samples_of_output_size()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        using var g = new MlpGenerator(latentSize: 16, hidden: 128, layers: 3, outputSize: 2);
        var y = g.forward(randn(5, 16));
        Assert.Equal(new long[] { 5, 2 }, y.shape);
        Assert.Equal(16, g.LatentSize);
        Assert.Equal(new long[] { 2 }, g.SampleShape);
    }

    [Fact]
    public void Mlp_discriminator_outputs_one_value_per_sample()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        using var d = new MlpDiscriminator(inputSize: 2, hidden: 128, layers: 2);
        var y = d.forward(randn(7, 2));
        Assert.Equal(new long[] { 7 }, y.shape);
        Assert.Equal(new long[] { 2 }, d.SampleShape);
    }

    [Fact]
    public void Mlp_parameter_counts_match_closed_form()
    {
        using var g = new MlpGenerator(latentSize: 16, hidden: 128, layers: 3, outputSize: 2);
        using var d = new MlpDiscriminator(inputSize: 2, hidden: 128, layers: 2);
        // G: 16->128, 128->128, 128->128, 128->2, each with bias.
        long expectedG = (16 * 128 + 128) + 2 * (128 * 128 + 128) + (128 * 2 + 2);
        // D (paper A.5): 2->128, 128->128, 128->1.
        long expectedD = (2 * 128 + 128) + (128 * 128 + 128) + (128 * 1 + 1);
        Assert.Equal(expectedG, ParameterCount(g));
        Assert.Equal(expectedD, ParameterCount(d));
    }

    [Fact]
    public void Mlp_discriminator_hidden_layers_use_elu()
    {
        using var d = new MlpDiscriminator(inputSize: 2, hidden: 4, layers: 2);
        var kinds = d.modules().Select(m => m.GetType().Name).ToList();
        Assert.Equal(2, kinds.Count(k => k == "ELU"));
        Assert.Equal(3, kinds.Count(k => k == "Linear"));
        Assert.DoesNotContain(kinds, k => k.StartsWith("BatchNorm", StringComparison.Ordinal));
    }

    [Fact]
    public void Mlp_generator_computes_linear_elu_stack()
    {
        // One hidden layer, weights set by hand: y = W2 elu(W1 z + b1) + b2.
        using var scope = NewDisposeScope();
        using var g = new MlpGenerator(latentSize: 2, hidden: 2, layers: 1, outputSize: 1);
        var sd = g.state_dict();
        using (no_grad())
        {
            sd["net.fc0.weight"].copy_(tensor(new float[,] { { 1, 0 }, { 0, 2 } }));
            sd["net.fc0.bias"].copy_(tensor(new float[] { 0, -1 }));
            sd["net.out.weight"].copy_(tensor(new float[,] { { 1, 1 } }));
            sd["net.out.bias"].copy_(tensor(new float[] { 0.5f }));
        }
        var y = g.forward(tensor(new float[,] { { 1, 0 } })).item<float>();
        // hidden = (1, -1) -> elu = (1, e^-1 - 1); y = 1 + e^-1 - 1 + 0.5
        Assert.Equal(Math.Exp(-1) + 0.5, y, 5);
    }

    internal static long ParameterCount(nn.Module m) => m.parameters().Sum(p => p.numel());
}
