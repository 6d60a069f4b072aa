namespace CoulombGan.Training.Monitors;

/// <summary>
/// A figure of the generator measured every <see cref="TrainingConfig.MonitorEvery"/> steps during training, lower
/// is better: logged to metrics.jsonl under <see cref="Key"/>, plotted, and fed to the plateau schedule (paper
/// Sec. 3.1: learning rates x0.1 when the FID plateaus). Each measurement uses the same latent codes, so successive
/// values differ only because the generator changed.
/// </summary>
public interface ITrainingMonitor : IDisposable
{
    /// <summary>The metric's name in metrics.jsonl, stating its protocol (e.g. "fd_classifier_1000").</summary>
    string Key { get; }

    /// <summary>Measures the trainer's current generator.</summary>
    double Measure(Trainer trainer);
}
