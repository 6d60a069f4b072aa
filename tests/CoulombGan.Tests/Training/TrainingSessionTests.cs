using CoulombGan.Training;
using TorchSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Training;

public sealed class TrainingSessionTests
{
    private static float[] GeneratorWeights(TrainingSession session) =>
        session.Trainer.Generator.parameters().SelectMany(p => p.detach().contiguous().data<float>().ToArray()).ToArray();

    [Fact]
    public void Same_seed_gives_identical_runs()
    {
        float[] Run()
        {
            using var session = TrainingSession.Create(Toy(15), new RunDirectory(TemporaryDirectory()));
            session.Train(new NoObserver());
            return GeneratorWeights(session);
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Resumed_run_continues_exactly_where_it_stopped()
    {
        float[] straight;
        using (var session = TrainingSession.Create(Toy(30), new RunDirectory(TemporaryDirectory())))
        {
            session.Train(new NoObserver());
            straight = GeneratorWeights(session);
        }

        var run = new RunDirectory(TemporaryDirectory());
        using (var first = TrainingSession.Create(Toy(30) with { }, run))
        {
            using var stopAfter = new CancellationTokenSource();
            var outcome = first.Train(new StopAt(17, stopAfter), stopAfter.Token);
            Assert.Equal(TrainingOutcome.Interrupted, outcome);
            Assert.Equal(17, first.Trainer.StepCount);
        }
        using var resumed = TrainingSession.Resume(run);
        Assert.Equal(17, resumed.Trainer.StepCount);
        Assert.Equal(TrainingOutcome.Completed, resumed.Train(new NoObserver()));
        Assert.Equal(30, resumed.Trainer.StepCount);
        Assert.Equal(straight, GeneratorWeights(resumed));

        // The log holds each logged step once, in order, across the interruption.
        var steps = File.ReadLines(run.MetricsPath).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetDouble()).ToArray();
        Assert.Equal(new double[] { 5, 10, 15, 20, 25, 30 }, steps);
        // The final checkpoint loads.
        using var reopened = TrainingSession.Open(run.CheckpointPath);
        Assert.Equal(30, reopened.Trainer.StepCount);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_over_1000_steps()
    {
        var config = Toy(1_000) with { LogEvery = 100, CheckpointEvery = 1_000_000, BatchSize = 16, GaussianBallScale = 0.3, FitPreviousGenerated = true };
        using var session = TrainingSession.Create(config, new RunDirectory(TemporaryDirectory()));
        var counts = new List<long>();
        session.Train(new CountTensors(counts));
        // After warm-up (optimizer state is created on the first step), the live count must not grow.
        var afterWarmUp = counts.Skip(10).ToArray();
        Assert.True(afterWarmUp.Max() - afterWarmUp.Min() <= 2, $"live tensors went from {afterWarmUp.Min()} to {afterWarmUp.Max()}");
        Assert.Equal(counts[10], counts[^1]);
    }

    [Fact]
    public void Divergence_is_reported_and_the_last_checkpoint_survives()
    {
        var run = new RunDirectory(TemporaryDirectory());
        using var session = TrainingSession.Create(Toy(40), run);
        var observer = new PoisonAt(15);
        var error = Assert.Throws<TrainingDivergedException>(() => session.Train(observer));
        Assert.Contains("step 16", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        // The checkpoint of step 10 is intact and loads.
        using var reopened = TrainingSession.Open(run.CheckpointPath);
        Assert.Equal(10, reopened.Trainer.StepCount);
        Assert.All(GeneratorWeights(reopened), w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void Completed_toy_run_writes_its_directory()
    {
        var run = new RunDirectory(TemporaryDirectory());
        using var session = TrainingSession.Create(Toy(12), run);
        Assert.Equal(TrainingOutcome.Completed, session.Train(new NoObserver()));
        Assert.Equal(Toy(12), TrainingConfig.FromJson(File.ReadAllText(run.ConfigPath), run.ConfigPath));
        Assert.True(File.Exists(run.CheckpointPath));
        Assert.True(File.Exists(run.EvaluationPath));
        Assert.NotNull(session.Evaluation);
        Assert.Equal(500, session.Evaluation!.Samples);
        Assert.Empty(Directory.GetFiles(run.Root, "*.tmp", SearchOption.AllDirectories));
    }

    private sealed class StopAt(long step, CancellationTokenSource source) : ITrainingObserver
    {
        public void OnStep(TrainingSession session, StepReport report)
        {
            if (report.Step == step) source.Cancel();
        }
    }

    private sealed class CountTensors(List<long> counts) : ITrainingObserver
    {
        public void OnStep(TrainingSession session, StepReport report) =>
            counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>Sets a generator weight to NaN after a given step, as an exploding update would.</summary>
    private sealed class PoisonAt(long step) : ITrainingObserver
    {
        public void OnStep(TrainingSession session, StepReport report)
        {
            if (report.Step != step) return;
            using var noGrad = torch.no_grad();
            session.Trainer.Generator.parameters().First().fill_(float.NaN);
        }
    }
}
