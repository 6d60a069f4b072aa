using System.CommandLine;
using System.Globalization;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Pictures;
using CoulombGan.Potential;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Cli;

internal static class ParticlesCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "2-D dataset: gaussians25 or ring8", DefaultValueFactory = _ => "gaussians25" };
        dataset.AcceptOnlyFromAmong(Datasets.Gaussians25, Datasets.Ring8);
        var defaults = new ParticleFlowSettings();
        var particles = new Option<int>("--particles") { Description = "Number of free generated samples", DefaultValueFactory = _ => defaults.Particles };
        var batch = new Option<int>("--batch-size") { Description = "Real samples and particles per minibatch", DefaultValueFactory = _ => defaults.BatchSize };
        var steps = new Option<long>("--steps") { Description = "Minibatch moves", DefaultValueFactory = _ => defaults.Steps };
        var rate = new Option<double>("--learning-rate") { Description = "Adam step size on particle positions", DefaultValueFactory = _ => defaults.LearningRate };
        var epsilon = new Option<double?>("--epsilon") { Description = "Kernel eps at the first step (default: the dataset's preset: gaussians25 3, ring8 0.5)" };
        var epsilonFinal = new Option<double?>("--epsilon-final") { Description = "Kernel eps at the last step, by exponential decay (default: the dataset's preset: gaussians25 1, ring8 0.1)" };
        var dimension = new Option<double>("--kernel-dimension") { Description = "Plummer kernel dimension m (exponent d = m - 2)", DefaultValueFactory = _ => defaults.KernelDimension };
        var seed = new Option<long>("--seed") { Description = "Random seed", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string>("--out") { Description = "Directory for the pictures, particles.csv and evaluation.json", DefaultValueFactory = _ => Path.Combine("runs", "particles") };
        var command = new Command("particles", "Move free particles along the exact minibatch field (no networks): the paper's Theorem 1 at work, and a reference for what D must learn.");
        foreach (var o in new Option[] { dataset, particles, batch, steps, rate, epsilon, epsilonFinal, dimension, seed, output }) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            var preset = Presets.Get(parse.GetValue(dataset)!);
            var settings = new ParticleFlowSettings(parse.GetValue(particles), parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(rate),
                parse.GetValue(dimension), parse.GetValue(epsilon) ?? preset.Epsilon, parse.GetValue(epsilonFinal) ?? preset.EpsilonFinal ?? preset.Epsilon,
                Seed: parse.GetValue(seed));
            var kernel = PlummerKernel.FromDimension(settings.KernelDimension, settings.Epsilon); // validates the kernel options
            _ = PlummerKernel.FromDimension(settings.KernelDimension, settings.EpsilonFinal);
            var mixture = Datasets.Mixture(parse.GetValue(dataset)!)!;
            using var data = mixture.TrainingSet(GaussianMixture.PaperTrainingSetSize, settings.Seed);
            using var flow = new ParticleFlow(settings, data);
            var directory = parse.GetValue(output)!;
            Console.WriteLine($"Moving {settings.Particles} particles for {settings.Steps} steps; output in {Path.GetFullPath(directory)}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (long s = 0; s < settings.Steps; s++)
            {
                double energy = flow.Step();
                if ((s + 1) % Math.Max(1, settings.Steps / 10) == 0)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {s + 1}/{settings.Steps}  minibatch energy {energy:G4}  {(s + 1) / clock.Elapsed.TotalSeconds:F0} steps/s"));
            }
            using var positions = flow.Positions;
            var values = positions.data<float>().ToArray();
            var report = MixtureModeMetrics.Evaluate(values, mixture.Centres, mixture.StandardDeviation, mixture.Weights);
            var rows = RunPictures.ToRows(positions);
            using var random = new torch.Generator(unchecked((ulong)settings.Seed + 17));
            using var real = data.Sample(settings.Particles, random);
            var range = RunPictures.RangeOf(parse.GetValue(dataset)!);
            ScatterPicture.Write(Path.Combine(directory, "particles.png"), RunPictures.ToRows(real), rows, $"{settings.Particles} free particles after {settings.Steps} steps", range);
            using var realBatch = real.narrow(0, 0, settings.BatchSize);
            using var particleBatch = positions.narrow(0, 0, settings.BatchSize);
            using var potential = new BatchPotential(kernel.WithEpsilon(settings.EpsilonFinal), realBatch, particleBatch);
            FieldPicture.Write(Path.Combine(directory, "field.png"), RunPictures.ForceOnGenerated(FieldMaps.OfBatch(potential, range.Min, range.Max, 121)),
                RunPictures.ToRows(realBatch), RunPictures.ToRows(particleBatch), "Minibatch potential (Eq. 8); arrows: force on particles");
            RunPictures.WritePointsCsv(Path.Combine(directory, "particles.csv"), rows);
            new RunDirectory(directory).WriteJson(Path.Combine(directory, "evaluation.json"), TrainingSession.ModeReportJson(settings.Steps, report));
            Console.WriteLine(TrainCommand.Describe(report));
            return 0;
        }));
        return command;
    }
}
