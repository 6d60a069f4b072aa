using CoulombGan.Potential;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Potential;

public sealed class BatchPotentialTests
{
    private static Tensor Points(params double[][] rows) =>
        torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length }, dtype: ScalarType.Float64);

    private static Tensor Random(long n, long d, long seed, double shift = 0)
    {
        var g = new torch.Generator((ulong)seed);
        return torch.randn(new[] { n, d }, dtype: ScalarType.Float64, generator: g) + shift;
    }

    /// <summary>F of Eq. (33) from its double sums, with explicit differences (no shortcut formula).</summary>
    private static Tensor EnergyByDoubleSum(Tensor y, Tensor x, double d, double eps)
    {
        Tensor MeanKernel(Tensor a, Tensor b) =>
            ((a.unsqueeze(1) - b.unsqueeze(0)).pow(2).sum(2) + eps * eps).pow(-d / 2).mean();
        return 0.5 * (MeanKernel(y, y) - 2 * MeanKernel(y, x) + MeanKernel(x, x));
    }

    [Fact]
    public void Potential_matches_hand_computed_values_for_two_charges()
    {
        var kernel = PlummerKernel.FromDimension(3, 1.0);
        using var potential = new BatchPotential(kernel, Points(new[] { 0.0, 0.0 }), Points(new[] { 3.0, 4.0 }));
        var phi = potential.At(Points(new[] { 0.0, 0.0 }, new[] { 3.0, 4.0 }, new[] { 3.0, 0.0 })).data<double>().ToArray();
        Assert.Equal(1 - 1 / Math.Sqrt(26), phi[0], 12);
        Assert.Equal(1 / Math.Sqrt(26) - 1, phi[1], 12);
        Assert.Equal(1 / Math.Sqrt(10) - 1 / Math.Sqrt(17), phi[2], 12);
    }

    [Fact]
    public void Exponent_and_dimension_describe_the_same_kernel()
    {
        var byDimension = PlummerKernel.FromDimension(5, 2.0);
        Assert.Equal(3, byDimension.Exponent);
        Assert.Equal(new PlummerKernel(3, 2.0), byDimension);
        using var r2 = torch.tensor(new[] { 0.0, 1.5, 10.0 }, dtype: ScalarType.Float64);
        var k = byDimension.Evaluate(r2).data<double>().ToArray();
        Assert.Equal(Math.Pow(4, -1.5), k[0], 12);
        Assert.Equal(Math.Pow(5.5, -1.5), k[1], 12);
        Assert.Equal(Math.Pow(14, -1.5), k[2], 12);
        Assert.Equal(Math.Pow(2.0, -3), byDimension.SelfValue, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Kernel_rejects_non_positive_parameters(double bad)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlummerKernel(bad, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlummerKernel(1, bad));
    }

    [Fact]
    public void Field_is_negative_gradient_of_potential()
    {
        var kernel = new PlummerKernel(1.7, 0.8);
        using var potential = new BatchPotential(kernel, Random(9, 5, 1), Random(7, 5, 2, 0.5));
        var a = Random(11, 5, 3).requires_grad_(true);
        var phi = potential.At(a);
        var gradient = torch.autograd.grad(new[] { phi.sum() }, new[] { a })[0];
        var field = potential.Field(a.detach());
        Assert.True(torch.allclose(field, -gradient, rtol: 1e-10, atol: 1e-12));
    }

    [Fact]
    public void Field_at_charges_is_the_energy_gradient_scaled_by_charge_counts()
    {
        const double d = 1.0, eps = 1.3;
        long ny = 6, nx = 8;
        var y = Random(ny, 3, 4).requires_grad_(true);
        var x = Random(nx, 3, 5, 1.0).requires_grad_(true);
        var energy = EnergyByDoubleSum(y, x, d, eps);
        var grads = torch.autograd.grad(new[] { energy }, new[] { y, x });
        using var potential = new BatchPotential(new PlummerKernel(d, eps), y, x);
        // A.4: E(y_i) = -N_y dF/dy_i and E(x_i) = N_x dF/dx_i.
        Assert.True(torch.allclose(potential.Field(y.detach()), -ny * grads[0], rtol: 1e-9, atol: 1e-12));
        Assert.True(torch.allclose(potential.Field(x.detach()), nx * grads[1], rtol: 1e-9, atol: 1e-12));
    }

    [Fact]
    public void Energy_matches_the_double_sums_and_is_non_negative()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var y = Random(10 + seed, 4, 10 + seed);
            var x = Random(13, 4, 20 + seed, seed * 0.3);
            using var potential = new BatchPotential(new PlummerKernel(1, 1), y, x);
            double expected = EnergyByDoubleSum(y, x, 1, 1).item<double>();
            Assert.Equal(expected, potential.Energy(), 10);
            Assert.True(potential.Energy() >= 0);
            // Eq. (33), second form: F = 1/2 (mean Phi(y) - mean Phi(x)) with self-interaction included.
            var (atReal, atGenerated) = potential.AtCharges();
            Assert.Equal(expected, 0.5 * (atReal.mean().item<double>() - atGenerated.mean().item<double>()), 10);
        }
    }

    [Fact]
    public void Energy_and_potential_vanish_when_the_sample_sets_coincide()
    {
        var samples = Random(20, 6, 7);
        using var potential = new BatchPotential(new PlummerKernel(1, 1), samples, samples.clone());
        Assert.Equal(0, potential.Energy(), 9);
        Assert.True(potential.At(Random(15, 6, 8)).abs().max().item<double>() < 1e-9);
    }

    [Fact]
    public void Self_interaction_is_included_or_left_out_on_request()
    {
        var kernel = new PlummerKernel(1, 2.0);
        var y = Random(5, 3, 30);
        var x = Random(4, 3, 31, 2);
        using var included = new BatchPotential(kernel, y, x, includeSelfInteraction: true);
        using var leftOut = new BatchPotential(kernel, y, x, includeSelfInteraction: false);
        // With self-interaction, the potential at a charge is the plain batch potential there.
        Assert.True(torch.allclose(included.AtCharges().AtReal, included.At(y), rtol: 1e-10, atol: 1e-12));
        Assert.True(torch.allclose(included.AtCharges().AtGenerated, included.At(x), rtol: 1e-10, atol: 1e-12));
        // Without, each charge sees only the others of its own set (leave-one-out), by hand:
        var yv = y.data<double>().ToArray();
        var xv = x.data<double>().ToArray();
        double K(double[] p, int i, double[] q, int j)
        {
            double s = 0;
            for (int c = 0; c < 3; c++) s += Math.Pow(p[i * 3 + c] - q[j * 3 + c], 2);
            return 1 / Math.Sqrt(s + 4);
        }
        var atReal = leftOut.AtCharges().AtReal.data<double>().ToArray();
        for (int i = 0; i < 5; i++)
        {
            double same = 0, other = 0;
            for (int j = 0; j < 5; j++) if (j != i) same += K(yv, i, yv, j);
            for (int j = 0; j < 4; j++) other += K(yv, i, xv, j);
            Assert.Equal(same / 4 - other / 4, atReal[i], 12);
        }
        var atGenerated = leftOut.AtCharges().AtGenerated.data<double>().ToArray();
        for (int i = 0; i < 4; i++)
        {
            double same = 0, other = 0;
            for (int j = 0; j < 4; j++) if (j != i) same += K(xv, i, xv, j);
            for (int j = 0; j < 5; j++) other += K(xv, i, yv, j);
            Assert.Equal(other / 5 - same / 3, atGenerated[i], 12);
        }
    }

    [Fact]
    public void Chunked_evaluation_equals_one_block()
    {
        // Image-sized samples (64x64x3), more points than one chunk.
        var g = new torch.Generator(42);
        var y = torch.rand(new long[] { 37, 3, 64, 64 }, generator: g) * 2 - 1;
        var x = torch.rand(new long[] { 29, 3, 64, 64 }, generator: g) * 2 - 1;
        var a = torch.rand(new long[] { 23, 3, 64, 64 }, generator: g) * 2 - 1;
        var kernel = new PlummerKernel(1, 1);
        using var whole = new BatchPotential(kernel, y, x, chunkSize: 4096);
        using var chunked = new BatchPotential(kernel, y, x, chunkSize: 5);
        Assert.True((whole.At(a) - chunked.At(a)).abs().max().item<float>() <= 1e-6f);
        Assert.True((whole.Field(a) - chunked.Field(a)).abs().max().item<float>() <= 1e-6f);
        var (wr, wg) = whole.AtCharges();
        var (cr, cg) = chunked.AtCharges();
        Assert.True((wr - cr).abs().max().item<float>() <= 1e-6f);
        Assert.True((wg - cg).abs().max().item<float>() <= 1e-6f);
    }

    [Fact]
    public void Batch_potential_is_unbiased_for_the_population_potential()
    {
        // One-dimensional charges: y ~ N(1, 0.5^2), x ~ N(-1, 1); population potential by quadrature.
        const double eps = 0.5, d = 1;
        double Population(double a, double mean, double std)
        {
            double sum = 0, h = std * 1e-3;
            for (double t = mean - 12 * std; t <= mean + 12 * std; t += h)
            {
                double density = Math.Exp(-0.5 * Math.Pow((t - mean) / std, 2)) / (std * Math.Sqrt(2 * Math.PI));
                sum += density * Math.Pow((a - t) * (a - t) + eps * eps, -d / 2) * h;
            }
            return sum;
        }
        double[] at = { -1.5, 0.0, 0.7, 2.5 };
        var expected = at.Select(a => Population(a, 1, 0.5) - Population(a, -1, 1)).ToArray();

        var g = new torch.Generator(123);
        var points = torch.tensor(at, new long[] { at.Length, 1 }, dtype: ScalarType.Float64);
        const int batches = 4000;
        var estimates = new double[batches, at.Length];
        for (int b = 0; b < batches; b++)
        {
            using var scope = torch.NewDisposeScope();
            var y = torch.randn(new long[] { 8, 1 }, dtype: ScalarType.Float64, generator: g) * 0.5 + 1;
            var x = torch.randn(new long[] { 8, 1 }, dtype: ScalarType.Float64, generator: g) - 1;
            using var potential = new BatchPotential(new PlummerKernel(d, eps), y, x);
            var phi = potential.At(points).data<double>().ToArray();
            for (int i = 0; i < at.Length; i++) estimates[b, i] = phi[i];
        }
        for (int i = 0; i < at.Length; i++)
        {
            double mean = Enumerable.Range(0, batches).Average(b => estimates[b, i]);
            double variance = Enumerable.Range(0, batches).Sum(b => Math.Pow(estimates[b, i] - mean, 2)) / (batches - 1);
            double standardError = Math.Sqrt(variance / batches);
            Assert.True(Math.Abs(mean - expected[i]) < 4 * standardError,
                $"at {at[i]}: batch mean {mean} vs population {expected[i]} (se {standardError})");
        }
    }
}
