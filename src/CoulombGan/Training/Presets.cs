namespace CoulombGan.Training;

/// <summary>Built-in configurations. Each states where its values come from.</summary>
public static class Presets
{
    public static IReadOnlyList<string> Names { get; } = ["gaussians25", "ring8", "fashion-mnist"];

    public static TrainingConfig Get(string name) => name switch
    {
        "gaussians25" => Gaussians25,
        "ring8" => Gaussians25 with { Preset = "ring8", Dataset = "ring8", Epsilon = 0.5, EpsilonFinal = 0.1 },
        "fashion-mnist" => FashionMnist,
        _ => throw new ConfigurationException($"preset = {name}: must be one of {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// The paper's 25-Gaussian toy (A.5): 100K training points, D with 2 hidden layers of 128 ELU units,
    /// Plummer kernel of dimension 3 with eps 3, Adam, exponentially decayed eps and learning rate.
    /// The step count, learning rates and Gaussian-ball evaluation points are chosen to finish in minutes
    /// on a CPU (the paper ran 1M steps at lr 0.01). Beyond the paper: random Fourier features in front of
    /// D, and a generator loss that mixes D's potential half and half with the exact minibatch potential
    /// (D alone squeezes the modes; the exact potential alone leaves more mass between them). docs/toy.md
    /// has the study behind these choices.
    /// </summary>
    public static TrainingConfig Gaussians25 { get; } = new()
    {
        Preset = "gaussians25",
        Dataset = "gaussians25",
        Architecture = "mlp",
        LatentSize = 16,
        KernelDimension = 3,
        Epsilon = 3,
        EpsilonFinal = 1,
        DiscriminatorFourierFeatures = 128,
        DiscriminatorFourierScale = 0.1,
        GaussianBallScale = 0.3,
        MinibatchPotentialWeight = 0.5,
        BatchSize = 128,
        Steps = 60_000,
        LearningRateGenerator = 1e-3,
        LearningRateDiscriminator = 1e-3,
        LearningRateFinalFactor = 0.1,
        WeightDecay = 0,
        LogEvery = 200,
        CheckpointEvery = 10_000,
        PictureEvery = 10_000,
    };

    /// <summary>
    /// Fashion-MNIST with the paper's image settings (Sec. 3.1): DCGAN-style networks with 5x5 kernels,
    /// Plummer kernel of dimension 3 with eps 1, batch 128, weight decay 1e-7, learning rates x0.1 when
    /// the monitored energy plateaus. Departure for a CPU budget: Adam with lr 4e-4 (G) and 2e-4 (D),
    /// keeping the paper's 2:1 ratio, and beta1 0.5 (DCGAN's), instead of 1e-4 / 5e-5 and 0.9; with the
    /// paper's values, 1,000 steps (about 30 minutes on 2 cores) still give shapeless blobs.
    /// </summary>
    public static TrainingConfig FashionMnist { get; } = new()
    {
        Preset = "fashion-mnist",
        Dataset = "fashion-mnist",
        Architecture = "dcgan",
        LatentSize = 16,
        KernelDimension = 3,
        Epsilon = 1,
        BatchSize = 128,
        Steps = 5_000,
        LearningRateGenerator = 4e-4,
        LearningRateDiscriminator = 2e-4,
        AdamBeta1 = 0.5,
        WeightDecay = 1e-7,
        MonitorEvery = 250,
        MonitorSamples = 1_000,
        PlateauPatience = 4,
        PlateauFactor = 0.1,
        LogEvery = 20,
        CheckpointEvery = 100,
        PictureEvery = 100,
        EvaluationSamples = 1_000,
    };
}
