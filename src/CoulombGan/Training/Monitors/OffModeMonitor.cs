using CoulombGan.Data;
using CoulombGan.Metrics;
using TorchSharp;

namespace CoulombGan.Training.Monitors;

/// <summary>
/// For 2-D mixtures: the share of <c>samples</c> generated samples farther than 3 standard deviations from every
/// centre, i.e. 1 - the high-quality share of <see cref="MixtureModeMetrics"/>.
/// </summary>
public sealed class OffModeMonitor(GaussianMixture mixture, int samples, ulong seed) : ITrainingMonitor
{
    public string Key => $"off_mode_share_{samples}";

    public double Measure(Trainer trainer)
    {
        using var random = new torch.Generator(seed);
        using var drawn = trainer.Sample(samples, random);
        var report = MixtureModeMetrics.Evaluate(drawn.data<float>().ToArray(), mixture.Centres, mixture.StandardDeviation, mixture.Weights);
        return 1 - report.HighQualityShare;
    }

    public void Dispose() { }
}
