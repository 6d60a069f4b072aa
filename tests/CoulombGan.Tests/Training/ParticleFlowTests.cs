using CoulombGan.Data;
using CoulombGan.Potential;
using CoulombGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Training;

public sealed class ParticleFlowTests
{
    private static double EnergyAgainst(Tensor particles, TensorDataset data, double epsilon)
    {
        using var random = new torch.Generator(99);
        using var real = data.Sample((int)particles.shape[0], random);
        using var potential = new BatchPotential(PlummerKernel.FromDimension(3, epsilon), real, particles);
        return potential.Energy();
    }

    [Fact]
    public void Free_particles_following_the_field_lower_the_energy_and_reach_the_modes()
    {
        var mixture = GaussianMixture.Grid25();
        using var data = mixture.TrainingSet(5_000, 4);
        var settings = new ParticleFlowSettings(Particles: 500, BatchSize: 100, Steps: 400, LearningRate: 0.2, Epsilon: 3, EpsilonFinal: 1, Seed: 2);
        using var flow = new ParticleFlow(settings, data);
        using var before = flow.Positions;
        double energyBefore = EnergyAgainst(before, data, 1);
        for (int i = 0; i < settings.Steps; i++) flow.Step();
        using var after = flow.Positions;
        double energyAfter = EnergyAgainst(after, data, 1);
        Assert.True(energyAfter < 0.2 * energyBefore, $"energy {energyBefore} -> {energyAfter}");
        var report = CoulombGan.Metrics.MixtureModeMetrics.Evaluate(after.data<float>().ToArray(), mixture.Centres, mixture.StandardDeviation, mixture.Weights, captureThreshold: 5);
        // The particles start in a unit ball around the origin, where only the centre mode is.
        Assert.True(report.ModesCaptured >= 20, $"{report.ModesCaptured} modes");
        Assert.Equal(400, flow.StepCount);
    }
}
