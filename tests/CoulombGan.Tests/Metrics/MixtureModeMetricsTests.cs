using CoulombGan.Data;
using CoulombGan.Metrics;
using TorchSharp;

namespace CoulombGan.Tests.Metrics;

public sealed class MixtureModeMetricsTests
{
    private static readonly GaussianMixture Grid = GaussianMixture.Grid25();

    private static MixtureModeReport Score(float[] points) =>
        MixtureModeMetrics.Evaluate(points, Grid.Centres, Grid.StandardDeviation, Grid.Weights);

    [Fact]
    public void Samples_of_the_true_mixture_score_as_the_mixture()
    {
        using var random = new torch.Generator(3);
        using var samples = Grid.Sample(20_000, random);
        var report = Score(samples.data<float>().ToArray());
        // P(|N(0, I_2)| <= 3) = 1 - exp(-9/2) for a 2-D standard normal.
        double inside = 1 - Math.Exp(-4.5);
        Assert.InRange(report.HighQualityShare, inside - 4 * Math.Sqrt(inside * (1 - inside) / 20_000), inside + 4 * Math.Sqrt(inside * (1 - inside) / 20_000));
        Assert.Equal(25, report.ModesCaptured);
        Assert.InRange(report.ModeKl, 0, 0.005);
        // Spread of a 2-D standard normal truncated at radius 3: per-axis variance E[r^2 | r <= 3] / 2.
        double truncatedSecondMoment = (2 - (9 + 2) * Math.Exp(-4.5)) / inside;
        double expectedRatio = Math.Sqrt(truncatedSecondMoment / 2);
        Assert.All(report.SpreadRatios, r => Assert.InRange(r, expectedRatio - 0.06, expectedRatio + 0.06));
    }

    [Fact]
    public void A_collapsed_generator_captures_few_modes()
    {
        // Every sample exactly on one of three centres.
        var points = new float[3000 * 2];
        for (int i = 0; i < 3000; i++)
        {
            var centre = Grid.Centres[i % 3];
            points[2 * i] = (float)centre.X;
            points[2 * i + 1] = (float)centre.Y;
        }
        var report = Score(points);
        Assert.Equal(1.0, report.HighQualityShare);
        Assert.Equal(3, report.ModesCaptured);
        Assert.Equal(Math.Log(25.0 / 3), report.ModeKl, 9);
        Assert.Equal(0, report.SpreadRatios[0], 9);
        Assert.True(double.IsNaN(report.SpreadRatios[24]));
    }

    [Fact]
    public void Samples_between_the_modes_are_not_high_quality()
    {
        var points = new float[] { 5.25f, 5.25f, -15.75f, 0f, 0.5f, 0.5f };
        var report = Score(points);
        Assert.Equal(1.0 / 3, report.HighQualityShare, 9);
        Assert.Equal(0, report.ModesCaptured);
    }
}
