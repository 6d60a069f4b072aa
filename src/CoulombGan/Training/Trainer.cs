using System.Diagnostics;
using CoulombGan.Data;
using CoulombGan.Models;
using CoulombGan.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Training;

/// <summary>What one training step did.</summary>
public sealed record StepReport(
    long Step,
    double DiscriminatorLoss,
    double GeneratorLoss,
    double PotentialAtReal,
    double PotentialAtGenerated,
    double Epsilon,
    double LearningRateGenerator,
    double LearningRateDiscriminator,
    double Seconds);

/// <summary>Training diverged: a loss became NaN or infinite. Weights were not updated with it.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// Minibatch training of a GAN (Algorithm 1 of the paper, A.6): per minibatch, gradients of both losses
/// are taken at the current weights and then both networks are updated.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly ISampleSource _data;
    private readonly IAdversarialObjective _objective;
    private readonly Adam _generatorOptimizer;
    private readonly Adam _discriminatorOptimizer;
    private readonly ExponentialSchedule _learningRateGenerator;
    private readonly ExponentialSchedule _learningRateDiscriminator;
    private readonly ExponentialSchedule _epsilon;

    public Trainer(TrainingConfig config, GeneratorNetwork generator, DiscriminatorNetwork discriminator, IAdversarialObjective objective, ISampleSource data)
    {
        if (!generator.SampleShape.SequenceEqual(data.SampleShape))
            throw new ArgumentException($"the generator makes samples of shape [{string.Join(", ", generator.SampleShape)}] but the data has [{string.Join(", ", data.SampleShape)}]");
        Config = config;
        Generator = generator;
        Discriminator = discriminator;
        _objective = objective;
        _data = data;
        Random = new torch.Generator((ulong)config.Seed);
        _generatorOptimizer = torch.optim.Adam(generator.parameters(), config.LearningRateGenerator, config.AdamBeta1, config.AdamBeta2, weight_decay: config.WeightDecay);
        _discriminatorOptimizer = torch.optim.Adam(discriminator.parameters(), config.LearningRateDiscriminator, config.AdamBeta1, config.AdamBeta2, weight_decay: config.WeightDecay);
        _learningRateGenerator = new ExponentialSchedule(config.LearningRateGenerator, config.LearningRateGenerator * config.LearningRateFinalFactor, config.Steps);
        _learningRateDiscriminator = new ExponentialSchedule(config.LearningRateDiscriminator, config.LearningRateDiscriminator * config.LearningRateFinalFactor, config.Steps);
        _epsilon = new ExponentialSchedule(config.Epsilon, config.EpsilonFinal ?? config.Epsilon, config.Steps);
        Plateau = config.PlateauPatience > 0 ? new PlateauSchedule(config.PlateauPatience, config.PlateauFactor) : null;
    }

    /// <summary>The learning-rate plateau schedule, when configured; its multiplier scales both learning rates.</summary>
    public PlateauSchedule? Plateau { get; }

    public TrainingConfig Config { get; }

    public GeneratorNetwork Generator { get; }

    public DiscriminatorNetwork Discriminator { get; }

    /// <summary>The run's random stream: minibatches, latent codes and evaluation-point noise.</summary>
    public torch.Generator Random { get; }

    /// <summary>The kernel eps the schedule gives for the next step.</summary>
    public double CurrentEpsilon => _epsilon.At(StepCount);

    /// <summary>Steps done so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>z ~ N(0, I), [count, latent], from <paramref name="random"/> or the run's stream.</summary>
    public Tensor SampleLatent(int count, torch.Generator? random = null) =>
        torch.randn(new long[] { count, Generator.LatentSize }, generator: random ?? Random);

    /// <summary>One update of D and of G on a fresh minibatch (Algorithm 1).</summary>
    public StepReport Step()
    {
        var watch = Stopwatch.StartNew();
        var (lrG, lrD, epsilon) = ApplySchedules(StepCount);
        Generator.train();
        Discriminator.train();
        using var scope = torch.NewDisposeScope();

        // Sample a minibatch of training samples and a minibatch of generator samples.
        var real = _data.Sample(Config.BatchSize, Random);
        var generated = Generator.call(SampleLatent(Config.BatchSize));

        // Gradient for the generator weights: L_G = -1/2 mean D(G(z)) (Eq. 10).
        _generatorOptimizer.zero_grad();
        var generatorLoss = _objective.GeneratorLoss(Discriminator, real, generated);
        generatorLoss.backward();

        // Gradient for the discriminator weights: L_D = 1/2 mean (D(a) - Phi(a))^2 (Eq. 9).
        _discriminatorOptimizer.zero_grad();
        var discriminatorTerms = _objective.DiscriminatorLoss(Discriminator, real, generated.detach(), Random);
        discriminatorTerms.Loss.backward();

        double lossD = discriminatorTerms.Loss.item<float>(), lossG = generatorLoss.item<float>();
        if (!double.IsFinite(lossD) || !double.IsFinite(lossG))
            throw new TrainingDivergedException($"training diverged at step {StepCount + 1}: discriminator loss {lossD}, generator loss {lossG}");

        // Update both networks.
        _discriminatorOptimizer.step();
        _generatorOptimizer.step();
        StepCount++;

        discriminatorTerms.Diagnostics.TryGetValue("potential_real", out var atReal);
        discriminatorTerms.Diagnostics.TryGetValue("potential_generated", out var atGenerated);
        return new StepReport(StepCount, lossD, lossG, atReal, atGenerated, epsilon, lrG, lrD, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Draws samples from G in evaluation mode, [count, ..SampleShape], with latent codes from
    /// <paramref name="random"/> (pass one to leave the training stream untouched).
    /// </summary>
    /// <remarks>
    /// Batch norm at sampling time: G trains with batch statistics; for sampling, the population
    /// statistics of the current generator are first recomputed as the exact average over
    /// <see cref="CalibrationBatches"/> training-size batches (fresh latent codes, in training mode),
    /// and G then runs in eval mode with them. So each sample is independent of the others drawn with
    /// it, and is normalised as in training, without the lag of running averages.
    /// </remarks>
    public Tensor Sample(int count, torch.Generator? random = null, int batchSize = 1000)
    {
        using var noGrad = torch.no_grad();
        CalibrateBatchNorm(random);
        Generator.eval();
        var parts = new List<Tensor>();
        for (int start = 0; start < count; start += batchSize)
        {
            using var z = SampleLatent(Math.Min(batchSize, count - start), random);
            parts.Add(Generator.call(z));
        }
        var samples = torch.cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        Generator.train();
        return samples;
    }

    /// <summary>Batches of training size used to recompute batch-norm statistics before sampling.</summary>
    public const int CalibrationBatches = 16;

    private void CalibrateBatchNorm(torch.Generator? random)
    {
        var norms = Generator.modules().OfType<NormBase>().ToList();
        if (norms.Count == 0) return;
        var momenta = norms.Select(n => n.momentum).ToList();
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null; // cumulative average over the calibration batches
        }
        Generator.train();
        for (int i = 0; i < CalibrationBatches; i++)
        {
            using var scope = torch.NewDisposeScope();
            Generator.call(SampleLatent(Config.BatchSize, random));
        }
        for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
    }

    private (double lrG, double lrD, double epsilon) ApplySchedules(long step)
    {
        double multiplier = Plateau?.Multiplier ?? 1;
        double lrG = _learningRateGenerator.At(step) * multiplier, lrD = _learningRateDiscriminator.At(step) * multiplier, epsilon = _epsilon.At(step);
        foreach (var group in _generatorOptimizer.ParamGroups) group.LearningRate = lrG;
        foreach (var group in _discriminatorOptimizer.ParamGroups) group.LearningRate = lrD;
        if (_objective is CoulombObjective coulomb && coulomb.Kernel.Epsilon != epsilon)
            coulomb.Kernel = coulomb.Kernel.WithEpsilon(epsilon);
        return (lrG, lrD, epsilon);
    }

    /// <summary>Writes weights, optimizer states, step count and random state.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(StepCount);
        var state = Random.get_state();
        var bytes = state.data<byte>().ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
        Generator.save(writer);
        Discriminator.save(writer);
        _generatorOptimizer.save_state_dict(writer);
        _discriminatorOptimizer.save_state_dict(writer);
        writer.Write(Plateau is not null);
        Plateau?.Save(writer);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        StepCount = reader.ReadInt64();
        int length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length) throw new EndOfStreamException("random-generator state is truncated");
        using var state = torch.tensor(bytes, dtype: ScalarType.Byte);
        Random.set_state(state);
        Generator.load(reader);
        Discriminator.load(reader);
        _generatorOptimizer.load_state_dict(reader);
        _discriminatorOptimizer.load_state_dict(reader);
        if (reader.ReadBoolean()) (Plateau ?? throw new InvalidDataException("checkpoint has a plateau schedule that the configuration lacks")).Load(reader);
    }

    public void Dispose()
    {
        _generatorOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        (_objective as IDisposable)?.Dispose();
        Generator.Dispose();
        Discriminator.Dispose();
        Random.Dispose();
    }
}
