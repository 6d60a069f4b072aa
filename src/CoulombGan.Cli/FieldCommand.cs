using System.CommandLine;
using CoulombGan.Pictures;
using CoulombGan.Potential;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Cli;

internal static class FieldCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint of a 2-D run, or its run directory" };
        var output = new Option<string?>("--out") { Description = "PNG path (default: <run>/pictures/field-<source>.png)" };
        var source = new Option<string>("--source") { Description = "batch: the exact minibatch potential of Eq. (8); discriminator: D's learned potential", DefaultValueFactory = _ => "batch" };
        source.AcceptOnlyFromAmong("batch", "discriminator");
        var charges = new Option<int>("--charges") { Description = "Real and generated samples in the minibatch (batch source)", DefaultValueFactory = _ => 128 };
        var resolution = new Option<int>("--resolution") { Description = "Grid points per axis", DefaultValueFactory = _ => 121 };
        var seed = new Option<long>("--seed") { Description = "Seed of the minibatch", DefaultValueFactory = _ => 0 };
        var command = new Command("field", "Draw the paper's Figure 1 for a 2-D checkpoint: potential as colour, force on generated samples as arrows, real and generated samples.");
        command.Arguments.Add(checkpoint);
        foreach (var o in new Option[] { output, source, charges, resolution, seed }) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            int n = parse.GetValue(charges), grid = parse.GetValue(resolution);
            if (n < 2) throw new ConfigurationException($"--charges {n}: must be at least 2");
            if (grid is < 2 or > 1000) throw new ConfigurationException($"--resolution {grid}: must be between 2 and 1000");
            using var session = TrainingSession.Open(Failures.CheckpointPath(parse.GetValue(checkpoint)!));
            if (session.Data.SampleShape.Length != 1 || session.Data.SampleShape[0] != 2)
                throw new ConfigurationException($"the field picture needs a 2-D run; this checkpoint is for {session.Config.Dataset}");
            var kind = parse.GetValue(source)!;
            var path = parse.GetValue(output) ?? Path.Combine(session.Run.PicturesDirectory, $"field-{kind}.png");
            var (min, max) = RunPictures.RangeOf(session);
            using var random = new torch.Generator(unchecked((ulong)parse.GetValue(seed)));
            using var generated = session.Trainer.Sample(n, random);
            using var real = session.Data.Sample(n, random);
            FieldMap map;
            string title;
            if (kind == "batch")
            {
                var kernel = PlummerKernel.FromDimension(session.Config.KernelDimension, session.Trainer.CurrentEpsilon);
                using var potential = new BatchPotential(kernel, real, generated, session.Config.SelfInteraction);
                map = FieldMaps.OfBatch(potential, min, max, grid);
                title = $"Minibatch potential (Eq. 8), step {session.Trainer.StepCount}";
            }
            else
            {
                map = FieldMaps.OfDiscriminator(session.Trainer.Discriminator, min, max, grid);
                title = $"Learned potential D, step {session.Trainer.StepCount}";
            }
            FieldPicture.Write(path, RunPictures.ForceOnGenerated(map), RunPictures.ToRows(real), RunPictures.ToRows(generated), title);
            Console.WriteLine(Path.GetFullPath(path));
            return 0;
        }));
        return command;
    }
}
