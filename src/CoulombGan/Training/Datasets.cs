using CoulombGan.Data;

namespace CoulombGan.Training;

/// <summary>The datasets a configuration can name.</summary>
public static class Datasets
{
    public const string Gaussians25 = "gaussians25";
    public const string Ring8 = "ring8";
    public const string FashionMnistName = "fashion-mnist";

    public static IReadOnlyList<string> Names { get; } = [Gaussians25, Ring8, FashionMnistName];

    /// <summary>The mixture behind a synthetic dataset, or null for image data.</summary>
    public static GaussianMixture? Mixture(string name) => name switch
    {
        Gaussians25 => GaussianMixture.Grid25(),
        Ring8 => GaussianMixture.Ring8(),
        _ => null,
    };

    /// <summary>The training set a configuration names (a fixed, seeded set for the mixtures).</summary>
    public static TensorDataset Load(TrainingConfig config) => config.Dataset switch
    {
        Gaussians25 or Ring8 => Mixture(config.Dataset)!.TrainingSet(config.TrainingSetSize, config.Seed),
        FashionMnistName => FashionMnist.Load("train", config.DataDirectory),
        _ => throw new ConfigurationException($"dataset = {config.Dataset}: must be one of {string.Join(", ", Names)}"),
    };
}
