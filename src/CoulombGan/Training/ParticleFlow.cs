using CoulombGan.Data;
using CoulombGan.Potential;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Training;

/// <summary>Settings of a <see cref="ParticleFlow"/>.</summary>
/// <param name="Particles">Number of free generated samples.</param>
/// <param name="BatchSize">Real samples and particles per minibatch.</param>
/// <param name="LearningRate">Adam step size on the particle positions.</param>
public sealed record ParticleFlowSettings(int Particles = 10_000, int BatchSize = 128, long Steps = 2_000, double LearningRate = 0.1,
    double KernelDimension = 3, double Epsilon = 3, double EpsilonFinal = 1, double InitialSpread = 1, long Seed = 1);

/// <summary>
/// Theorem 1 at work, without networks: free "generated samples" (negative charges) move along the
/// exact minibatch field towards the real data. Each step draws a minibatch of real samples and of
/// particles as the charges, and moves every particle by minimising -1/2 mean Phi(x_i) (the generator loss
/// of Eq. 10 with D replaced by the minibatch potential of Eq. 8), with Adam. A reference point for what
/// the discriminator must approximate.
/// </summary>
public sealed class ParticleFlow : IDisposable
{
    private readonly ISampleSource _data;
    private readonly TorchSharp.Modules.Parameter _positions;
    private readonly TorchSharp.Modules.Adam _optimizer;
    private readonly torch.Generator _random;
    private readonly ExponentialSchedule _epsilon;

    public ParticleFlow(ParticleFlowSettings settings, ISampleSource data)
    {
        if (settings.Particles < 2 || settings.BatchSize < 2 || settings.BatchSize > settings.Particles)
            throw new ArgumentException($"need 2 <= batch size ({settings.BatchSize}) <= particles ({settings.Particles})");
        if (settings.Steps < 1 || !(settings.LearningRate > 0)) throw new ArgumentException("steps and learning rate must be positive");
        Settings = settings;
        _data = data;
        _random = new torch.Generator((ulong)settings.Seed);
        var shape = new long[] { settings.Particles }.Concat(data.SampleShape).ToArray();
        using (var start = torch.randn(shape, generator: _random) * settings.InitialSpread)
            _positions = new TorchSharp.Modules.Parameter(start.clone());
        _optimizer = torch.optim.Adam(new[] { _positions }, settings.LearningRate);
        _epsilon = new ExponentialSchedule(settings.Epsilon, settings.EpsilonFinal, settings.Steps);
    }

    public ParticleFlowSettings Settings { get; }

    public long StepCount { get; private set; }

    /// <summary>A copy of the particle positions, [Particles, ..SampleShape].</summary>
    public Tensor Positions => _positions.detach().clone();

    /// <summary>One minibatch move; returns the minibatch energy F (Eq. 33) before the move.</summary>
    public double Step()
    {
        using var scope = NewDisposeScope();
        var kernel = PlummerKernel.FromDimension(Settings.KernelDimension, _epsilon.At(StepCount));
        var real = _data.Sample(Settings.BatchSize, _random);
        var chosen = torch.randperm(Settings.Particles, generator: _random).narrow(0, 0, Settings.BatchSize);
        var particles = _positions.index_select(0, chosen);
        using var potential = new BatchPotential(kernel, real, particles);
        _optimizer.zero_grad();
        // Generator loss of Eq. (10) with the exact minibatch potential in place of D.
        var loss = -0.5 * potential.At(_positions).mean();
        loss.backward();
        _optimizer.step();
        StepCount++;
        return potential.Energy();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _positions.Dispose();
        _random.Dispose();
    }
}
