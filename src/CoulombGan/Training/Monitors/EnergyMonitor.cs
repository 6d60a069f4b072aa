using CoulombGan.Data;
using CoulombGan.Potential;
using TorchSharp;

namespace CoulombGan.Training.Monitors;

/// <summary>
/// The minibatch energy F (Eq. 33) between <c>samples</c> generated and as many real samples, with the run's
/// starting eps: zero exactly when the two sample sets coincide. Needs no feature network, so it works for every
/// dataset.
/// </summary>
public sealed class EnergyMonitor(TrainingConfig config, ISampleSource data) : ITrainingMonitor
{
    public string Key => "energy";

    public double Measure(Trainer trainer)
    {
        using var scope = torch.NewDisposeScope();
        using var random = new torch.Generator(MonitorSeeds.For(config));
        var generated = trainer.Sample(config.MonitorSamples, random);
        var real = data.Sample(config.MonitorSamples, random);
        using var potential = new BatchPotential(PlummerKernel.FromDimension(config.KernelDimension, config.Epsilon), real, generated);
        return potential.Energy();
    }

    public void Dispose() { }
}
