using CoulombGan.Training;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Training;

public sealed class PlateauScheduleTests
{
    [Fact]
    public void Learning_rate_drops_after_patience_evaluations_without_improvement()
    {
        var plateau = new PlateauSchedule(patience: 2, factor: 0.1, threshold: 0.01);
        bool[] reduced = new[] { 10.0, 9.0, 8.95, 8.99, 7.0, 7.5, 7.2, 7.1, 6.99 }.Select(plateau.Record).ToArray();
        // 8.95 is within 1% of 9 (no improvement), 8.99 too: reduction; 7.0 improves; 7.5, 7.2: reduction;
        // 7.1 is no improvement on 7.0 (counter restarted), 6.99 is not 1% better than 7.0 either: reduction.
        Assert.Equal(new[] { false, false, false, true, false, false, true, false, true }, reduced);
        Assert.Equal(1e-3, plateau.Multiplier, 15);
    }

    [Fact]
    public void Plateau_state_survives_a_checkpoint_and_scales_the_learning_rates()
    {
        var config = Toy(12) with { MonitorEvery = 3, MonitorSamples = 50, PlateauPatience = 1, PlateauFactor = 0.5, LearningRateFinalFactor = 1 };
        var run = new RunDirectory(TemporaryDirectory());
        double multiplier;
        using (var session = TrainingSession.Create(config, run))
        {
            var reports = new List<StepReport>();
            var multipliers = new List<double>();
            session.Train(new Collect(reports, multipliers));
            multiplier = session.Trainer.Plateau!.Multiplier;
            // Each step runs at the learning rate the multiplier had after the step before it.
            Assert.Equal(config.LearningRateGenerator, reports[0].LearningRateGenerator, 12);
            for (int i = 1; i < reports.Count; i++)
                Assert.Equal(config.LearningRateGenerator * multipliers[i - 1], reports[i].LearningRateGenerator, 12);
        }
        var energies = File.ReadLines(run.MetricsPath).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("energy", out _)).Select(e => e.GetProperty("energy").GetDouble()).ToArray();
        Assert.Equal(4, energies.Length);
        Assert.All(energies, e => Assert.True(e >= 0));
        using var reopened = TrainingSession.Open(run.CheckpointPath);
        Assert.Equal(multiplier, reopened.Trainer.Plateau!.Multiplier);
    }

    [Fact]
    public void Plateau_needs_a_monitor()
    {
        var error = Assert.Throws<ConfigurationException>(() => (Toy() with { PlateauPatience = 2 }).Validated());
        Assert.Contains("monitor-every", error.Message);
    }

    private sealed class Collect(List<StepReport> reports, List<double> multipliers) : ITrainingObserver
    {
        public void OnStep(TrainingSession session, StepReport report)
        {
            reports.Add(report);
            multipliers.Add(session.Trainer.Plateau!.Multiplier);
        }
    }
}
