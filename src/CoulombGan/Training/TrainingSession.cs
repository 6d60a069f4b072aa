using CoulombGan.Data;
using CoulombGan.Metrics;
using CoulombGan.Models;
using CoulombGan.Objectives;
using CoulombGan.Potential;
using CoulombGan.Training.Monitors;
using TorchSharp;

namespace CoulombGan.Training;

/// <summary>How a run ended.</summary>
public enum TrainingOutcome { Completed, Interrupted }

/// <summary>
/// A training run bound to its run directory: builds data, networks and objective from a configuration,
/// trains, logs, checkpoints, and evaluates at the end.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private TrainingSession(TrainingConfig config, RunDirectory run, TensorDataset data, Trainer trainer, ITrainingMonitor? monitor)
    {
        Config = config;
        Run = run;
        Data = data;
        Trainer = trainer;
        Monitor = monitor;
        Mixture = Datasets.Mixture(config.Dataset);
    }

    public TrainingConfig Config { get; }
    public RunDirectory Run { get; }
    public TensorDataset Data { get; }
    public Trainer Trainer { get; }
    /// <summary>The metric measured every <see cref="TrainingConfig.MonitorEvery"/> steps; null when monitoring is off.</summary>
    public ITrainingMonitor? Monitor { get; }
    /// <summary>The mixture behind a 2-D dataset, null for images.</summary>
    public GaussianMixture? Mixture { get; }
    /// <summary>The final evaluation for 2-D mixtures, once the run completed.</summary>
    public MixtureModeReport? Evaluation { get; private set; }

    /// <summary>Starts a fresh run in <paramref name="run"/>.</summary>
    public static TrainingSession Create(TrainingConfig config, RunDirectory run)
    {
        config = config.Validated();
        var session = Build(config, run);
        run.WriteConfig(config);
        return session;
    }

    /// <summary>
    /// Continues the run in <paramref name="run"/> from its latest checkpoint, optionally with changes to the keys of
    /// <see cref="TrainingConfig.ResumableKeys"/> (more steps, another monitor, ...); other changes are refused. A new
    /// monitored measurement restarts the plateau schedule's comparison; the learning-rate multiplier reached is kept.
    /// </summary>
    public static TrainingSession Resume(RunDirectory run, Func<TrainingConfig, TrainingConfig>? change = null)
    {
        var stored = Checkpoint.ReadConfig(run.CheckpointPath);
        var config = change is null ? stored : stored.ResumedWith(change(stored));
        bool newMeasurement = stored.ChangedKeys(config).Intersect(["monitor", "monitor-weights", "monitor-samples"]).Any();
        var session = Build(config, run);
        try
        {
            Checkpoint.Restore(run.CheckpointPath, session.Trainer);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        if (session.Trainer.StepCount > config.Steps)
        {
            long reached = session.Trainer.StepCount;
            session.Dispose();
            throw new ConfigurationException($"steps = {config.Steps}: the run is already at step {reached}; give more steps to continue it");
        }
        if (newMeasurement) session.Trainer.Plateau?.Restart();
        run.TruncateMetricsAfter(session.Trainer.StepCount);
        run.WriteConfig(config);
        return session;
    }

    /// <summary>Loads a checkpoint for sampling or drawing (no run directory is written).</summary>
    public static TrainingSession Open(string checkpointPath)
    {
        var config = Checkpoint.ReadConfig(checkpointPath);
        var directory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(checkpointPath)))!;
        var session = Build(config, new RunDirectory(directory));
        try
        {
            Checkpoint.Restore(checkpointPath, session.Trainer);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    private static TrainingSession Build(TrainingConfig config, RunDirectory run)
    {
        if (config.Threads > 0) torch.set_num_threads(config.Threads);
        var data = Datasets.Load(config);
        ITrainingMonitor? monitor = null;
        try
        {
            monitor = config.MonitorEvery > 0 ? TrainingMonitors.Create(config, data) : null;
            torch.manual_seed(config.Seed);
            var (generator, discriminator) = CreateNetworks(config, data.SampleShape);
            var kernel = PlummerKernel.FromDimension(config.KernelDimension, config.Epsilon);
            var objective = new CoulombObjective(kernel, new CoulombOptions(config.SelfInteraction, config.GaussianBallScale, config.FitPreviousGenerated, config.MinibatchPotentialWeight));
            return new TrainingSession(config, run, data, new Trainer(config, generator, discriminator, objective, data), monitor);
        }
        catch
        {
            monitor?.Dispose();
            data.Dispose();
            throw;
        }
    }

    private static (GeneratorNetwork, DiscriminatorNetwork) CreateNetworks(TrainingConfig config, long[] sampleShape)
    {
        if (config.Architecture == Architectures.Mlp && sampleShape.Length == 1)
        {
            int size = (int)sampleShape[0];
            return (new MlpGenerator(config.LatentSize, config.GeneratorHidden, config.GeneratorLayers, size),
                    new MlpDiscriminator(size, config.DiscriminatorHidden, config.DiscriminatorLayers, config.DiscriminatorFourierFeatures, config.DiscriminatorFourierScale, config.DiscriminatorFourierScaleMax));
        }
        try
        {
            return Architectures.Create(config.Architecture, sampleShape, config.LatentSize);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"architecture = {config.Architecture} does not fit dataset {config.Dataset}: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    /// <summary>Trains until the configured step count or until <paramref name="cancellation"/> fires; checkpoints either way.</summary>
    public TrainingOutcome Train(ITrainingObserver observer, CancellationToken cancellation = default)
    {
        var window = new MetricsWindow();
        while (Trainer.StepCount < Config.Steps)
        {
            if (cancellation.IsCancellationRequested)
            {
                SaveCheckpoint(observer);
                return TrainingOutcome.Interrupted;
            }
            var report = Trainer.Step();
            window.Add(report);
            long step = report.Step;
            if (step % Config.LogEvery == 0 || step == Config.Steps) Run.AppendMetrics(window.Flush(report));
            if (Monitor is not null && step % Config.MonitorEvery == 0) Measure(step);
            observer.OnStep(this, report);
            if (step % Config.CheckpointEvery == 0 && step != Config.Steps) SaveCheckpoint(observer);
            if (step % Config.PictureEvery == 0 && step != Config.Steps) observer.OnPictures(this, step);
        }
        SaveCheckpoint(observer);
        Evaluate();
        observer.OnPictures(this, null);
        return TrainingOutcome.Completed;
    }

    /// <summary>Scores <see cref="TrainingConfig.EvaluationSamples"/> generator samples (2-D mixtures) and writes evaluation.json.</summary>
    public MixtureModeReport? Evaluate()
    {
        Evaluation = EvaluateModes(Config.EvaluationSamples);
        if (Evaluation is null) return null;
        Run.WriteJson(Run.EvaluationPath, ModeReportJson(Trainer.StepCount, Evaluation));
        return Evaluation;
    }

    /// <summary>
    /// The mode metrics of <paramref name="samples"/> generator samples of a 2-D run (null for images), drawn with the
    /// latent seed of the end-of-training evaluation (<see cref="EvaluationSeed"/>): with
    /// <see cref="TrainingConfig.EvaluationSamples"/> samples this reproduces evaluation.json exactly.
    /// </summary>
    public MixtureModeReport? EvaluateModes(int samples)
    {
        if (Mixture is null) return null;
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        using var random = new torch.Generator(EvaluationSeed(Config.Seed));
        using var drawn = Trainer.Sample(samples, random);
        var values = drawn.data<float>().ToArray();
        return MixtureModeMetrics.Evaluate(values, Mixture.Centres, Mixture.StandardDeviation, Mixture.Weights);
    }

    /// <summary>The JSON object of evaluation.json (NaN written as null).</summary>
    public static object ModeReportJson(long step, MixtureModeReport report) => new
    {
        step,
        samples = report.Samples,
        high_quality_share = report.HighQualityShare,
        modes_captured = report.ModesCaptured,
        modes = report.ModeCount,
        mode_kl = FiniteOrNull(report.ModeKl),
        spread_ratio_min = FiniteOrNull(report.MinSpreadRatio),
        spread_ratio_max = FiniteOrNull(report.MaxSpreadRatio),
        spread_ratios = report.SpreadRatios.Select(FiniteOrNull),
    };

    private void Measure(long step)
    {
        double value = Monitor!.Measure(Trainer);
        bool reduced = Trainer.Plateau?.Record(value) ?? false;
        var line = new Dictionary<string, double> { ["step"] = step, [Monitor.Key] = value };
        if (Trainer.Plateau is { } plateau) line["learning_rate_multiplier"] = plateau.Multiplier;
        if (reduced) line["learning_rate_reduced"] = 1;
        Run.AppendMetrics(line);
    }

    /// <summary>JSON has no NaN: undefined figures (e.g. a spread with no samples) are written as null.</summary>
    private static double? FiniteOrNull(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Seed of the latent codes used for the final evaluation (separate from the training stream).</summary>
    public static ulong EvaluationSeed(long seed) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5EEDUL);

    private void SaveCheckpoint(ITrainingObserver observer)
    {
        Checkpoint.Write(Run.CheckpointPath, Trainer);
        observer.OnCheckpoint(this, Run.CheckpointPath);
    }

    public void Dispose()
    {
        Monitor?.Dispose();
        Trainer.Dispose();
        Data.Dispose();
    }

    /// <summary>Averages step reports between log lines.</summary>
    private sealed class MetricsWindow
    {
        private double _d, _g, _real, _generated, _seconds;
        private int _count;

        public void Add(StepReport r)
        {
            _d += r.DiscriminatorLoss; _g += r.GeneratorLoss; _real += r.PotentialAtReal; _generated += r.PotentialAtGenerated; _seconds += r.Seconds;
            _count++;
        }

        public Dictionary<string, double> Flush(StepReport last)
        {
            var n = Math.Max(_count, 1);
            var values = new Dictionary<string, double>
            {
                ["step"] = last.Step,
                ["discriminator_loss"] = _d / n,
                ["generator_loss"] = _g / n,
                ["potential_real"] = _real / n,
                ["potential_generated"] = _generated / n,
                ["epsilon"] = last.Epsilon,
                ["learning_rate_generator"] = last.LearningRateGenerator,
                ["learning_rate_discriminator"] = last.LearningRateDiscriminator,
                ["step_seconds"] = _seconds / n,
            };
            _d = _g = _real = _generated = _seconds = 0;
            _count = 0;
            return values;
        }
    }
}
