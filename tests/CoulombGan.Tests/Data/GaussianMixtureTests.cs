using CoulombGan.Data;
using TorchSharp;

namespace CoulombGan.Tests.Data;

public sealed class GaussianMixtureTests
{
    /// <summary>Deviations beyond this many standard errors fail a statistical check (two-sided p ≈ 6e-7 each).</summary>
    private const double Z = 5.0;

    private static GaussianMixture Create(string name) => name switch
    {
        "Grid25" => GaussianMixture.Grid25(),
        "Ring8" => GaussianMixture.Ring8(),
        _ => throw new ArgumentException(name),
    };

    [Fact]
    public void Grid25_has_unit_variance_components_centred_on_the_5x5_grid_over_minus_21_to_21()
    {
        var mixture = GaussianMixture.Grid25();
        double[] axis = [-21, -10.5, 0, 10.5, 21];
        var expected = axis.SelectMany(x => axis.Select(y => (x, y))).OrderBy(c => c).ToArray();

        Assert.Equal(expected, mixture.Centres.OrderBy(c => c).ToArray());
        Assert.Equal(1.0, mixture.StandardDeviation);
    }

    [Fact]
    public void Ring8_has_eight_centres_evenly_spaced_on_a_circle_of_radius_2_with_std_0_02()
    {
        var mixture = GaussianMixture.Ring8();
        Assert.Equal(8, mixture.Centres.Count);
        foreach (var (x, y) in mixture.Centres) Assert.Equal(2.0, Math.Sqrt(x * x + y * y), 12);
        var angles = mixture.Centres.Select(c => Math.Atan2(c.Y, c.X)).Order().ToArray();
        for (int i = 1; i < angles.Length; i++) Assert.Equal(Math.PI / 4, angles[i] - angles[i - 1], 12);
        Assert.Equal(0.02, mixture.StandardDeviation);
    }

    [Theory]
    [InlineData("Grid25")]
    [InlineData("Ring8")]
    public void Weights_are_equal_and_sum_to_one(string name)
    {
        var mixture = Create(name);
        Assert.Equal(mixture.Centres.Count, mixture.Weights.Count);
        Assert.All(mixture.Weights, w => Assert.Equal(1.0 / mixture.Centres.Count, w, 15));
        Assert.Equal(1.0, mixture.Weights.Sum(), 12);
    }

    [Theory]
    [InlineData("Grid25", 250_000)]
    [InlineData("Ring8", 80_000)]
    public void Samples_of_each_component_have_its_centre_as_mean_and_sigma_squared_identity_as_covariance(string name, int count)
    {
        var mixture = Create(name);
        using var generator = new torch.Generator(123);
        var (samples, components) = mixture.SampleWithComponents(count, generator);
        float[] xy;
        long[] k;
        using (samples)
        using (components)
        {
            xy = samples.data<float>().ToArray();
            k = components.data<long>().ToArray();
        }

        int m = mixture.Centres.Count;
        var n = new long[m];
        var (sx, sy, sxx, syy, sxy) = (new double[m], new double[m], new double[m], new double[m], new double[m]);
        for (int i = 0; i < count; i++)
        {
            int c = (int)k[i];
            double dx = xy[2 * i] - mixture.Centres[c].X, dy = xy[2 * i + 1] - mixture.Centres[c].Y;
            n[c]++;
            sx[c] += dx; sy[c] += dy;
            sxx[c] += dx * dx; syy[c] += dy * dy; sxy[c] += dx * dy;
        }

        double s2 = mixture.StandardDeviation * mixture.StandardDeviation;
        for (int c = 0; c < m; c++)
        {
            double mx = sx[c] / n[c], my = sy[c] / n[c];
            double vx = (sxx[c] - n[c] * mx * mx) / (n[c] - 1);
            double vy = (syy[c] - n[c] * my * my) / (n[c] - 1);
            double cxy = (sxy[c] - n[c] * mx * my) / (n[c] - 1);
            // Standard errors for Gaussian data: mean σ/√n, variance σ²√(2/(n-1)), covariance (ρ = 0) σ²/√n.
            double meanTol = Z * Math.Sqrt(s2 / n[c]);
            double varTol = Z * s2 * Math.Sqrt(2.0 / (n[c] - 1));
            double covTol = Z * s2 / Math.Sqrt(n[c]);
            Assert.True(Math.Abs(mx) < meanTol && Math.Abs(my) < meanTol, $"component {c}: mean offset ({mx}, {my}), tolerance {meanTol}");
            Assert.True(Math.Abs(vx - s2) < varTol && Math.Abs(vy - s2) < varTol, $"component {c}: variances ({vx}, {vy}), expected {s2} ± {varTol}");
            Assert.True(Math.Abs(cxy) < covTol, $"component {c}: covariance {cxy}, tolerance {covTol}");
        }
    }

    [Theory]
    [InlineData("Grid25", 100_000)]
    [InlineData("Ring8", 40_000)]
    public void Components_are_drawn_uniformly_by_a_chi_square_test(string name, int count)
    {
        var mixture = Create(name);
        using var generator = new torch.Generator(7);
        var (samples, components) = mixture.SampleWithComponents(count, generator);
        samples.Dispose();
        int m = mixture.Centres.Count;
        var observed = new long[m];
        using (components)
        {
            foreach (long c in components.data<long>()) observed[c]++;
        }

        double expected = (double)count / m;
        double chi2 = observed.Sum(o => (o - expected) * (o - expected) / expected);
        // Wilson-Hilferty upper quantile of χ²(m-1) at z = 4 (p ≈ 3e-5).
        int dof = m - 1;
        double h = 2.0 / (9 * dof);
        double bound = dof * Math.Pow(1 - h + 4.0 * Math.Sqrt(h), 3);
        Assert.True(chi2 < bound, $"χ² = {chi2} with {dof} degrees of freedom exceeds {bound}; counts {string.Join(", ", observed)}");
    }

    [Fact]
    public void Sample_draws_points_with_the_overall_mean_and_variance_of_the_mixture()
    {
        var mixture = GaussianMixture.Grid25();
        const int count = 200_000;
        using var generator = new torch.Generator(11);
        using var samples = mixture.Sample(count, generator);
        Assert.Equal(new long[] { count, 2 }, samples.shape);
        Assert.Equal(torch.ScalarType.Float32, samples.dtype);
        var xy = samples.data<float>().ToArray();

        double s2 = mixture.StandardDeviation * mixture.StandardDeviation;
        for (int axis = 0; axis < 2; axis++)
        {
            var centre = mixture.Centres.Select(c => axis == 0 ? c.X : c.Y).ToArray();
            // For x = c + σz with c uniform over the centres: E x = E c, Var x = Var c + σ², and the fourth central
            // moment gives the standard error of the sample variance, sqrt((μ4 - Var²) / n).
            double mean = centre.Average();
            double variance = centre.Average(c => (c - mean) * (c - mean)) + s2;
            double mu4 = centre.Average(c => Math.Pow(c - mean, 4)) + 6 * s2 * centre.Average(c => (c - mean) * (c - mean)) + 3 * s2 * s2;

            var values = Enumerable.Range(0, count).Select(i => (double)xy[2 * i + axis]).ToArray();
            double sampleMean = values.Average();
            double sampleVariance = values.Sum(v => (v - sampleMean) * (v - sampleMean)) / (count - 1);
            Assert.True(Math.Abs(sampleMean - mean) < Z * Math.Sqrt(variance / count), $"axis {axis}: mean {sampleMean}, expected {mean}");
            Assert.True(Math.Abs(sampleVariance - variance) < Z * Math.Sqrt((mu4 - variance * variance) / count),
                $"axis {axis}: variance {sampleVariance}, expected {variance}");
        }
    }

    [Fact]
    public void Sample_is_reproducible_from_the_generator_seed()
    {
        var mixture = GaussianMixture.Ring8();
        using var g1 = new torch.Generator(5);
        using var g2 = new torch.Generator(5);
        using var a = mixture.Sample(500, g1);
        using var b = mixture.Sample(500, g2);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Equal(new long[] { 2 }, mixture.SampleShape);
    }

    [Fact]
    public void TrainingSet_is_the_same_for_the_same_seed()
    {
        var mixture = GaussianMixture.Grid25();
        using var a = mixture.TrainingSet(1000, seed: 42);
        using var b = mixture.TrainingSet(1000, seed: 42);
        Assert.Equal(a.Samples.data<float>().ToArray(), b.Samples.data<float>().ToArray());
        Assert.Equal(a.Labels!.data<long>().ToArray(), b.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void TrainingSet_differs_between_seeds()
    {
        var mixture = GaussianMixture.Grid25();
        using var a = mixture.TrainingSet(1000, seed: 1);
        using var b = mixture.TrainingSet(1000, seed: 2);
        Assert.NotEqual(a.Samples.data<float>().ToArray(), b.Samples.data<float>().ToArray());
    }

    [Fact]
    public void TrainingSet_defaults_to_the_papers_100K_points_labelled_with_their_component()
    {
        var mixture = GaussianMixture.Grid25();
        using var set = mixture.TrainingSet();
        Assert.Equal(100_000, set.Count);
        Assert.Equal(new long[] { 2 }, set.SampleShape);

        var xy = set.Samples.data<float>().ToArray();
        var labels = set.Labels!.data<long>().ToArray();
        // A 2-D standard normal lies beyond radius 7σ with probability exp(-49/2) ≈ 2e-11.
        double limit = 7 * mixture.StandardDeviation;
        for (int i = 0; i < labels.Length; i++)
        {
            var (cx, cy) = mixture.Centres[(int)labels[i]];
            double distance = Math.Sqrt(Math.Pow(xy[2 * i] - cx, 2) + Math.Pow(xy[2 * i + 1] - cy, 2));
            Assert.True(distance < limit, $"point {i} lies {distance} from the centre of its component {labels[i]}");
        }
    }
}
