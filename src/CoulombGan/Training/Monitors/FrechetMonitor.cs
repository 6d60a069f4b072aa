using CoulombGan.Data;
using CoulombGan.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Training.Monitors;

/// <summary>
/// The Frechet distance between the features of <c>samples</c> generated samples and those of up to
/// <see cref="ReferenceSamples"/> training samples (all of them when fewer), drawn once with the monitor seed.
/// With the FID Inception this is the paper's monitored FID (on fewer samples than the 50k protocol, so its value
/// is biased upwards and only comparable between monitor lines of the same configuration).
/// </summary>
public sealed class FrechetMonitor : ITrainingMonitor
{
    /// <summary>Upper limit on the real samples behind the reference statistics.</summary>
    public const int ReferenceSamples = 10_000;

    private readonly IFeatureExtractor _features;
    private readonly TensorDataset _data;
    private readonly int _samples;
    private readonly ulong _seed;
    private readonly int _batchSize;
    private FeatureStatistics? _reference;

    /// <param name="features">Feature network; disposed with the monitor when it is disposable.</param>
    public FrechetMonitor(IFeatureExtractor features, TensorDataset data, int samples, ulong seed, int batchSize = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        _features = features;
        _data = data;
        _samples = samples;
        _seed = seed;
        _batchSize = batchSize;
        Key = FeatureComparisons.FrechetKey(features, samples);
    }

    public string Key { get; }

    public double Measure(Trainer trainer)
    {
        using var scope = NewDisposeScope();
        _reference ??= ReferenceStatistics();
        using var random = new torch.Generator(_seed);
        var generated = trainer.Sample(_samples, random);
        using var statistics = FeatureComparisons.Statistics(_features.Extract(generated, _batchSize));
        return FrechetDistance.Compute(_reference, statistics);
    }

    private FeatureStatistics ReferenceStatistics()
    {
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(_seed + 1);
        var real = _data.Count <= ReferenceSamples ? _data.Samples : _data.Sample(ReferenceSamples, random);
        return FeatureComparisons.Statistics(_features.Extract(real, _batchSize));
    }

    public void Dispose()
    {
        _reference?.Dispose();
        (_features as IDisposable)?.Dispose();
    }
}
