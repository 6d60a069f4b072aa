using CoulombGan.Data;
using CoulombGan.Metrics;

namespace CoulombGan.Training.Monitors;

/// <summary>The monitors a configuration can name (<see cref="TrainingConfig.Monitor"/>).</summary>
public static class TrainingMonitors
{
    public const string Energy = "energy";
    public const string FrechetClassifier = "fd-classifier";
    public const string Fid = "fid";
    public const string OffModeShare = "off-mode-share";

    public static IReadOnlyList<string> Names { get; } = [Energy, FrechetClassifier, Fid, OffModeShare];

    /// <summary>Where <see cref="FrechetClassifier"/> looks for the classifier when monitor-weights is not set.</summary>
    public const string DefaultClassifierPath = "models/fashion-classifier.bin";

    /// <summary>The configured monitor; a missing or unreadable weights file is a <see cref="ConfigurationException"/> or <see cref="DataFormatException"/>.</summary>
    public static ITrainingMonitor Create(TrainingConfig config, TensorDataset data)
    {
        ulong seed = MonitorSeeds.For(config);
        switch (config.Monitor)
        {
            case Energy:
                return new EnergyMonitor(config, data);
            case OffModeShare:
                var mixture = Datasets.Mixture(config.Dataset)
                    ?? throw new ConfigurationException($"monitor = {OffModeShare} needs a 2-D mixture dataset; this run is {config.Dataset}");
                return new OffModeMonitor(mixture, config.MonitorSamples, seed);
            case FrechetClassifier:
                if (config.Dataset != Datasets.FashionMnistName)
                    throw new ConfigurationException($"monitor = {FrechetClassifier} uses the Fashion-MNIST classifier; this run is {config.Dataset}");
                var classifierPath = config.MonitorWeights ?? DefaultClassifierPath;
                if (!File.Exists(classifierPath))
                    throw new ConfigurationException($"monitor = {FrechetClassifier}: classifier weights {classifierPath} not found (write them with `coulomb-gan train-classifier`, or set monitor-weights)");
                return new FrechetMonitor(FashionClassifier.Load(classifierPath), data, config.MonitorSamples, seed);
            case Fid:
                if (data.SampleShape.Length != 3)
                    throw new ConfigurationException($"monitor = {Fid} needs an image dataset; this run is {config.Dataset}");
                var weights = config.MonitorWeights
                    ?? throw new ConfigurationException($"monitor = {Fid} needs monitor-weights: the FID Inception file pt_inception-2015-12-05-6726825d.pth (see docs/fid.md)");
                if (!File.Exists(weights)) throw new ConfigurationException($"monitor-weights = {weights}: file not found");
                return new FrechetMonitor(new InceptionFeatureExtractor(FidInceptionV3.Load(weights)), data, config.MonitorSamples, seed);
            default:
                throw new ConfigurationException($"monitor = {config.Monitor}: must be one of {string.Join(", ", Names)}");
        }
    }
}
