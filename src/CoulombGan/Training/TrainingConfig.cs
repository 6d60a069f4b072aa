using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoulombGan.Training;

/// <summary>
/// Everything a training run depends on, as plain data. Presets hold the defaults (see <see cref="Presets"/>);
/// a run directory stores the resolved configuration as config.json.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>The preset this configuration started from.</summary>
    public string Preset { get; init; } = "gaussians25";

    // ---- data ----
    /// <summary>gaussians25, ring8 or fashion-mnist.</summary>
    public string Dataset { get; init; } = "gaussians25";
    /// <summary>Directory of an on-disk dataset (fashion-mnist: the IDX files); null for the built-in default.</summary>
    public string? DataDirectory { get; init; }
    /// <summary>Size of the fixed training set drawn for a synthetic dataset (paper A.5: 100K).</summary>
    public int TrainingSetSize { get; init; } = 100_000;

    // ---- networks ----
    /// <summary>mlp (2-D toys) or dcgan (images).</summary>
    public string Architecture { get; init; } = "mlp";
    public int LatentSize { get; init; } = 32;
    /// <summary>MLP generator: hidden units per layer and hidden-layer count.</summary>
    public int GeneratorHidden { get; init; } = 128;
    public int GeneratorLayers { get; init; } = 3;
    /// <summary>MLP discriminator: hidden units per layer and hidden-layer count (paper A.5: 2 x 128 ELU).</summary>
    public int DiscriminatorHidden { get; init; } = 128;
    public int DiscriminatorLayers { get; init; } = 2;

    /// <summary>MLP discriminator: random Fourier features in front of the first layer (0 = none; beyond the paper).</summary>
    public int DiscriminatorFourierFeatures { get; init; }
    /// <summary>Std of the Fourier frequencies in cycles per data unit.</summary>
    public double DiscriminatorFourierScale { get; init; } = 0.1;
    /// <summary>When set, the Fourier frequency scales run geometrically from <see cref="DiscriminatorFourierScale"/> to this (a multi-scale bank).</summary>
    public double? DiscriminatorFourierScaleMax { get; init; }

    // ---- potential (Eq. 5, 8, 9) ----
    /// <summary>Plummer kernel dimension m; the exponent of Eq. (5) is d = m - 2 (authors' default 3, i.e. d = 1).</summary>
    public double KernelDimension { get; init; } = 3;
    /// <summary>Kernel softening eps at step 0.</summary>
    public double Epsilon { get; init; } = 3;
    /// <summary>eps at the last step, reached by exponential decay (paper A.5); null keeps eps constant.</summary>
    public double? EpsilonFinal { get; init; }
    /// <summary>Keep a charge's own k(a, a) in the potential at its location (paper and authors' code: yes).</summary>
    public bool SelfInteraction { get; init; } = true;
    /// <summary>Std of the Gaussian balls around samples where D is fitted (Eq. 9), in units of eps; 0 = at the samples.</summary>
    public double GaussianBallScale { get; init; }
    /// <summary>Also fit D at the previous step's generated samples (authors' code option).</summary>
    public bool FitPreviousGenerated { get; init; }
    /// <summary>Weight of the exact minibatch potential (Eq. 8) in the generator's loss, mixed with D's (0 = the paper; 1 = no D in G's update; beyond the paper).</summary>
    public double MinibatchPotentialWeight { get; init; }

    // ---- optimisation (Algorithm 1) ----
    public int BatchSize { get; init; } = 128;
    public long Steps { get; init; } = 20_000;
    public double LearningRateGenerator { get; init; } = 1e-4;
    public double LearningRateDiscriminator { get; init; } = 5e-5;
    /// <summary>Learning rates at the last step as a fraction of their start, by exponential decay (paper A.5); 1 = constant.</summary>
    public double LearningRateFinalFactor { get; init; } = 1;
    public double AdamBeta1 { get; init; } = 0.9;
    public double AdamBeta2 { get; init; } = 0.999;
    /// <summary>L2 weight decay on all weights (paper: 1e-7).</summary>
    public double WeightDecay { get; init; } = 1e-7;

    // ---- monitoring and the plateau schedule (paper Sec. 3.1) ----
    /// <summary>The metric measured during training (see <see cref="Monitors.TrainingMonitors"/>): energy (F of Eq. 33), fd-classifier, fid or off-mode-share.</summary>
    public string Monitor { get; init; } = Monitors.TrainingMonitors.Energy;
    /// <summary>Weights of the monitor's feature network: the classifier for fd-classifier (default models/fashion-classifier.bin), the FID Inception for fid.</summary>
    public string? MonitorWeights { get; init; }
    /// <summary>Steps between measurements of the monitored metric; 0 = never.</summary>
    public long MonitorEvery { get; init; }
    /// <summary>Generated samples (and real samples for the energy) per measurement; the same latent codes every time.</summary>
    public int MonitorSamples { get; init; } = 1_000;
    /// <summary>Monitor evaluations without improvement before the learning rates are multiplied by <see cref="PlateauFactor"/>; 0 = off.</summary>
    public int PlateauPatience { get; init; }
    /// <summary>Learning-rate factor applied on a plateau (paper: 0.1).</summary>
    public double PlateauFactor { get; init; } = 0.1;

    // ---- run ----
    public long Seed { get; init; } = 1;
    /// <summary>CPU threads for libtorch; 0 leaves libtorch's default (all cores).</summary>
    public int Threads { get; init; }
    /// <summary>Steps between metrics-log lines.</summary>
    public long LogEvery { get; init; } = 100;
    /// <summary>Steps between checkpoints (one is also written at the end and on interruption).</summary>
    public long CheckpointEvery { get; init; } = 5_000;
    /// <summary>Steps between pictures (also drawn at the end).</summary>
    public long PictureEvery { get; init; } = 5_000;
    /// <summary>Samples drawn for the final evaluation.</summary>
    public int EvaluationSamples { get; init; } = 10_000;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The configuration keys whose values differ between this and <paramref name="other"/>.</summary>
    public IReadOnlyList<string> ChangedKeys(TrainingConfig other)
    {
        var mine = System.Text.Json.Nodes.JsonNode.Parse(ToJson())!.AsObject();
        var theirs = System.Text.Json.Nodes.JsonNode.Parse(other.ToJson())!.AsObject();
        return mine.Select(p => p.Key).Where(key => !System.Text.Json.Nodes.JsonNode.DeepEquals(mine[key], theirs[key])).ToList();
    }

    /// <summary>Keys a resumed run may change: how long it runs and what it measures and writes, not what it trains.</summary>
    public static IReadOnlyList<string> ResumableKeys { get; } =
        ["steps", "monitor", "monitor-weights", "monitor-every", "monitor-samples", "threads", "log-every", "checkpoint-every", "picture-every", "evaluation-samples"];

    /// <summary><paramref name="requested"/> as the continuation of a run stored with this configuration: only <see cref="ResumableKeys"/> may differ.</summary>
    public TrainingConfig ResumedWith(TrainingConfig requested)
    {
        var refused = ChangedKeys(requested).Except(ResumableKeys).ToList();
        if (refused.Count > 0)
            throw new ConfigurationException($"a resumed run keeps its configuration; {string.Join(", ", refused)} cannot change (may change: {string.Join(", ", ResumableKeys)})");
        return requested.Validated();
    }

    /// <summary>Parses a configuration; unknown keys are an error.</summary>
    public static TrainingConfig FromJson(string json, string source)
    {
        TrainingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TrainingConfig>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{source}: {e.Message}");
        }
        return (config ?? throw new ConfigurationException($"{source}: empty configuration")).Validated();
    }

    /// <summary>Checks every value and returns this configuration, or throws a <see cref="ConfigurationException"/> naming the first bad one.</summary>
    public TrainingConfig Validated()
    {
        void Require(bool ok, string key, object? value, string rule)
        {
            if (!ok) throw new ConfigurationException($"{key} = {value}: {rule}");
        }
        static bool Finite(double v) => double.IsFinite(v);
        Require(Datasets.Names.Contains(Dataset), "dataset", Dataset, $"must be one of {string.Join(", ", Datasets.Names)}");
        Require(TrainingSetSize >= 1, "training-set-size", TrainingSetSize, "must be at least 1");
        Require(Architecture is "mlp" or "dcgan", "architecture", Architecture, "must be mlp or dcgan");
        Require(LatentSize >= 1, "latent-size", LatentSize, "must be at least 1");
        Require(GeneratorHidden >= 1 && GeneratorLayers >= 1, "generator-hidden/-layers", $"{GeneratorHidden}/{GeneratorLayers}", "must be at least 1");
        Require(DiscriminatorHidden >= 1 && DiscriminatorLayers >= 1, "discriminator-hidden/-layers", $"{DiscriminatorHidden}/{DiscriminatorLayers}", "must be at least 1");
        Require(DiscriminatorFourierFeatures >= 0, "discriminator-fourier-features", DiscriminatorFourierFeatures, "must be 0 (none) or positive");
        Require(Finite(DiscriminatorFourierScale) && DiscriminatorFourierScale > 0, "discriminator-fourier-scale", DiscriminatorFourierScale, "must be a positive number");
        Require(DiscriminatorFourierScaleMax is null || (Finite(DiscriminatorFourierScaleMax.Value) && DiscriminatorFourierScaleMax >= DiscriminatorFourierScale),
            "discriminator-fourier-scale-max", DiscriminatorFourierScaleMax, "must be a number at least discriminator-fourier-scale");
        Require(Finite(KernelDimension) && KernelDimension > 2, "kernel-dimension", KernelDimension, "must be greater than 2 (exponent d = dimension - 2 > 0)");
        Require(Finite(Epsilon) && Epsilon > 0, "epsilon", Epsilon, "must be a positive number");
        Require(EpsilonFinal is null || (Finite(EpsilonFinal.Value) && EpsilonFinal > 0), "epsilon-final", EpsilonFinal, "must be a positive number");
        Require(Finite(GaussianBallScale) && GaussianBallScale >= 0, "gaussian-ball-scale", GaussianBallScale, "must be 0 or positive");
        Require(MinibatchPotentialWeight is >= 0 and <= 1, "minibatch-potential-weight", MinibatchPotentialWeight, "must be in [0, 1]");
        Require(BatchSize >= 2, "batch-size", BatchSize, "must be at least 2");
        Require(Steps >= 1, "steps", Steps, "must be at least 1");
        Require(Finite(LearningRateGenerator) && LearningRateGenerator > 0, "learning-rate-generator", LearningRateGenerator, "must be a positive number");
        Require(Finite(LearningRateDiscriminator) && LearningRateDiscriminator > 0, "learning-rate-discriminator", LearningRateDiscriminator, "must be a positive number");
        Require(Finite(LearningRateFinalFactor) && LearningRateFinalFactor > 0, "learning-rate-final-factor", LearningRateFinalFactor, "must be a positive number");
        Require(AdamBeta1 is >= 0 and < 1, "adam-beta1", AdamBeta1, "must be in [0, 1)");
        Require(AdamBeta2 is >= 0 and < 1, "adam-beta2", AdamBeta2, "must be in [0, 1)");
        Require(Finite(WeightDecay) && WeightDecay >= 0, "weight-decay", WeightDecay, "must be 0 or positive");
        Require(Monitors.TrainingMonitors.Names.Contains(Monitor), "monitor", Monitor, $"must be one of {string.Join(", ", Monitors.TrainingMonitors.Names)}");
        Require(Monitor == Monitors.TrainingMonitors.Energy || MonitorEvery > 0, "monitor", Monitor, "needs monitor-every > 0 (the step interval of the measurements)");
        Require(MonitorEvery >= 0, "monitor-every", MonitorEvery, "must be 0 (off) or positive");
        Require(MonitorSamples >= 2, "monitor-samples", MonitorSamples, "must be at least 2");
        Require(PlateauPatience >= 0, "plateau-patience", PlateauPatience, "must be 0 (off) or positive");
        Require(PlateauPatience == 0 || MonitorEvery > 0, "plateau-patience", PlateauPatience, "needs monitor-every > 0 (the plateau schedule watches the monitored metric)");
        Require(Finite(PlateauFactor) && PlateauFactor > 0 && PlateauFactor <= 1, "plateau-factor", PlateauFactor, "must be in (0, 1]");
        Require(Threads >= 0, "threads", Threads, "must be 0 (libtorch default) or positive");
        Require(LogEvery >= 1, "log-every", LogEvery, "must be at least 1");
        Require(CheckpointEvery >= 1, "checkpoint-every", CheckpointEvery, "must be at least 1");
        Require(PictureEvery >= 1, "picture-every", PictureEvery, "must be at least 1");
        Require(EvaluationSamples >= 1, "evaluation-samples", EvaluationSamples, "must be at least 1");
        return this;
    }
}

/// <summary>An invalid configuration value; the message names the key and the rule.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
