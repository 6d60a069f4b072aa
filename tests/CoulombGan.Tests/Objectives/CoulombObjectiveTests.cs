using CoulombGan.Models;
using CoulombGan.Objectives;
using CoulombGan.Potential;
using TorchSharp;

namespace CoulombGan.Tests.Objectives;

public sealed class CoulombObjectiveTests
{
    private const double Epsilon = 0.7;

    /// <summary>Plummer kernel of exponent 1: k(a, b) = (|a - b|^2 + eps^2)^(-1/2).</summary>
    private static double K(double ax, double ay, double bx, double by) => 1 / Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by) + Epsilon * Epsilon);

    [Fact]
    public void With_weight_one_the_generator_follows_the_exact_minibatch_potential()
    {
        torch.manual_seed(4);
        using var real = torch.randn(5, 2);
        using var x = torch.randn(4, 2).requires_grad_(true);
        using var objective = new CoulombObjective(new PlummerKernel(1, Epsilon), new CoulombOptions(MinibatchPotentialWeight: 1));
        using var discriminator = new MlpDiscriminator(2, 8, 1);
        using var loss = objective.GeneratorLoss(discriminator, real, x);
        loss.backward();

        var r = real.data<float>().ToArray();
        var g = x.detach().data<float>().ToArray();
        var grad = x.grad!.data<float>().ToArray();
        double expectedLoss = 0;
        for (int i = 0; i < 4; i++)
        {
            // Phi(x_i) = mean_j k(x_i, y_j) - mean_l k(x_i, x_l), the charges held fixed (self-interaction included).
            double phi = 0, gx = 0, gy = 0;
            for (int j = 0; j < 5; j++)
            {
                double k = K(g[2 * i], g[2 * i + 1], r[2 * j], r[2 * j + 1]);
                phi += k / 5;
                gx += -(g[2 * i] - r[2 * j]) * k * k * k / 5;
                gy += -(g[2 * i + 1] - r[2 * j + 1]) * k * k * k / 5;
            }
            for (int l = 0; l < 4; l++)
            {
                double k = K(g[2 * i], g[2 * i + 1], g[2 * l], g[2 * l + 1]);
                phi -= k / 4;
                gx -= -(g[2 * i] - g[2 * l]) * k * k * k / 4;
                gy -= -(g[2 * i + 1] - g[2 * l + 1]) * k * k * k / 4;
            }
            expectedLoss += -0.5 * phi / 4;
            // d/dx_i of -1/2 mean Phi(x): -1/8 grad Phi(x_i).
            Assert.Equal(-gx / 8, grad[2 * i], 5);
            Assert.Equal(-gy / 8, grad[2 * i + 1], 5);
        }
        Assert.Equal(expectedLoss, loss.item<float>(), 5);
    }

    [Fact]
    public void A_weight_mixes_the_discriminator_and_the_exact_potential_linearly()
    {
        torch.manual_seed(6);
        using var real = torch.randn(6, 2);
        using var x = torch.randn(6, 2);
        using var discriminator = new MlpDiscriminator(2, 8, 1);
        var kernel = new PlummerKernel(1, Epsilon);
        using var paper = new CoulombObjective(kernel);
        using var exact = new CoulombObjective(kernel, new CoulombOptions(MinibatchPotentialWeight: 1));
        using var mixed = new CoulombObjective(kernel, new CoulombOptions(MinibatchPotentialWeight: 0.3));
        double d = paper.GeneratorLoss(discriminator, real, x).item<float>();
        Assert.Equal(-0.5 * discriminator.call(x).mean().item<float>(), d, 6);
        double e = exact.GeneratorLoss(discriminator, real, x).item<float>();
        Assert.Equal(0.7 * d + 0.3 * e, mixed.GeneratorLoss(discriminator, real, x).item<float>(), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoulombObjective(kernel, new CoulombOptions(MinibatchPotentialWeight: 1.5)));
    }
}
