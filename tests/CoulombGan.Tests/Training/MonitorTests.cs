using System.Text.Json;
using CoulombGan.Data;
using CoulombGan.Metrics;
using CoulombGan.Training;
using CoulombGan.Training.Monitors;
using TorchSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Training;

public sealed class MonitorTests
{
    /// <summary>Uses the 2-D points themselves as features, so the Frechet distance has a 2 x 2 closed form.</summary>
    private sealed class PointFeatures : IFeatureExtractor
    {
        public string Name => "points";
        public int FeatureSize => 2;
        public Tensor Extract(Tensor images, int batchSize) => images.reshape(images.shape[0], -1).clone();
    }

    private static (double[] Mean, double[,] Covariance) Moments(float[] points)
    {
        int n = points.Length / 2;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += points[2 * i]; my += points[2 * i + 1]; }
        mx /= n; my /= n;
        double xx = 0, xy = 0, yy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = points[2 * i] - mx, dy = points[2 * i + 1] - my;
            xx += dx * dx; xy += dx * dy; yy += dy * dy;
        }
        return ([mx, my], new[,] { { xx / (n - 1), xy / (n - 1) }, { xy / (n - 1), yy / (n - 1) } });
    }

    [Fact]
    public void Frechet_monitor_on_points_matches_the_two_by_two_closed_form()
    {
        var run = new RunDirectory(TemporaryDirectory());
        using var session = TrainingSession.Create(Toy(30), run);
        session.Train(new NoObserver());
        using var monitor = new FrechetMonitor(new PointFeatures(), session.Data, 700, seed: 123);
        double measured = monitor.Measure(session.Trainer);

        using var random = new torch.Generator(123);
        using var generated = session.Trainer.Sample(700, random);
        var (m1, s1) = Moments(session.Data.Samples.data<float>().ToArray()); // 2,000 points <= the reference limit: all of them
        var (m2, s2) = Moments(generated.data<float>().ToArray());
        // tr sqrt(S1 S2): the 2 x 2 product has positive eigenvalues l1, l2, and sqrt(l1) + sqrt(l2) = sqrt(tr + 2 sqrt(det)).
        double p00 = s1[0, 0] * s2[0, 0] + s1[0, 1] * s2[1, 0], p01 = s1[0, 0] * s2[0, 1] + s1[0, 1] * s2[1, 1];
        double p10 = s1[1, 0] * s2[0, 0] + s1[1, 1] * s2[1, 0], p11 = s1[1, 0] * s2[0, 1] + s1[1, 1] * s2[1, 1];
        double traceSqrt = Math.Sqrt(p00 + p11 + 2 * Math.Sqrt(p00 * p11 - p01 * p10));
        double expected = Math.Pow(m1[0] - m2[0], 2) + Math.Pow(m1[1] - m2[1], 2) + s1[0, 0] + s1[1, 1] + s2[0, 0] + s2[1, 1] - 2 * traceSqrt;
        Assert.True(expected > 1, $"expected a clearly positive distance after 30 steps, got {expected}");
        Assert.Equal(expected, measured, expected * 1e-5);
        Assert.Equal("fd_points_700", monitor.Key);
        Assert.Equal(measured, monitor.Measure(session.Trainer)); // same latent codes every time
    }

    [Fact]
    public void Off_mode_monitor_is_the_share_farther_than_three_sd_from_every_centre()
    {
        var run = new RunDirectory(TemporaryDirectory());
        using var session = TrainingSession.Create(Toy(30), run);
        session.Train(new NoObserver());
        // Samples of a young generator sit near the origin: a mixture with small components around it splits them.
        var mixture = new GaussianMixture([(0.0, 0.0), (0.3, -0.2), (-5.0, 5.0)], 0.05);
        using var monitor = new OffModeMonitor(mixture, 900, seed: 7);
        double measured = monitor.Measure(session.Trainer);

        using var random = new torch.Generator(7);
        using var generated = session.Trainer.Sample(900, random);
        var points = generated.data<float>().ToArray();
        int off = 0;
        for (int i = 0; i < 900; i++)
            if (mixture.Centres.All(c => Math.Sqrt(Math.Pow(points[2 * i] - c.X, 2) + Math.Pow(points[2 * i + 1] - c.Y, 2)) > 3 * mixture.StandardDeviation))
                off++;
        Assert.InRange(off, 1, 899); // after 30 steps the samples are neither all on nor all off the modes
        Assert.Equal(off / 900.0, measured, 12);
    }

    [Fact]
    public void The_chosen_metric_is_logged_under_its_key_and_drives_the_plateau()
    {
        var config = Toy(24) with { Monitor = TrainingMonitors.OffModeShare, MonitorEvery = 3, MonitorSamples = 300, PlateauPatience = 1, PlateauFactor = 0.5 };
        var run = new RunDirectory(TemporaryDirectory());
        using (var session = TrainingSession.Create(config, run))
            session.Train(new NoObserver());
        var lines = File.ReadLines(run.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("off_mode_share_300", out _)).ToList();
        Assert.Equal(8, lines.Count);
        Assert.DoesNotContain(lines, l => l.TryGetProperty("energy", out _));
        // Replaying the logged values through a fresh schedule gives the logged multipliers.
        var replay = new PlateauSchedule(1, 0.5);
        foreach (var line in lines)
        {
            double value = line.GetProperty("off_mode_share_300").GetDouble();
            Assert.InRange(value, 0, 1);
            replay.Record(value);
            Assert.Equal(replay.Multiplier, line.GetProperty("learning_rate_multiplier").GetDouble());
        }
    }

    [Fact]
    public void Fashion_classifier_monitor_writes_its_distance_during_training()
    {
        var directory = TemporaryDirectory();
        torch.manual_seed(11);
        var classifier = Path.Combine(directory, "classifier.bin");
        using (var model = new FashionClassifier()) model.Save(classifier);
        var config = Presets.FashionMnist with
        {
            Steps = 2, BatchSize = 8, Monitor = TrainingMonitors.FrechetClassifier, MonitorWeights = classifier, MonitorEvery = 1, MonitorSamples = 64,
            PlateauPatience = 0, PictureEvery = 1000, CheckpointEvery = 1000,
        };
        var run = new RunDirectory(Path.Combine(directory, "run"));
        using (var session = TrainingSession.Create(config, run))
            session.Train(new NoObserver());
        var values = File.ReadLines(run.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("fd_classifier_64", out _)).Select(e => e.GetProperty("fd_classifier_64").GetDouble()).ToArray();
        Assert.Equal(2, values.Length);
        Assert.All(values, v => Assert.True(double.IsFinite(v) && v > 0, $"distance {v}"));
    }

    [Fact]
    public void A_monitor_that_does_not_fit_the_run_is_a_configuration_error()
    {
        var directory = TemporaryDirectory();
        var wrongData = Assert.Throws<ConfigurationException>(() => TrainingSession.Create(Toy() with { Monitor = TrainingMonitors.FrechetClassifier, MonitorEvery = 5 }, new RunDirectory(directory)));
        Assert.Contains("fashion-mnist", wrongData.Message, StringComparison.OrdinalIgnoreCase);
        var missing = Path.Combine(directory, "missing.bin");
        var noWeights = Assert.Throws<ConfigurationException>(() => TrainingSession.Create(
            Presets.FashionMnist with { Monitor = TrainingMonitors.FrechetClassifier, MonitorWeights = missing }, new RunDirectory(directory)));
        Assert.Contains($"{missing} not found", noWeights.Message);
        var unknown = Assert.Throws<ConfigurationException>(() => (Toy() with { Monitor = "accuracy" }).Validated());
        Assert.StartsWith("monitor = accuracy", unknown.Message);
        var fidOnPoints = Assert.Throws<ConfigurationException>(() => TrainingSession.Create(Toy() with { Monitor = TrainingMonitors.Fid, MonitorEvery = 5 }, new RunDirectory(directory)));
        Assert.Contains("image dataset", fidOnPoints.Message);
    }
}
