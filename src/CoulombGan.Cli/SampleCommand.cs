using System.CommandLine;
using System.Globalization;
using System.Text;
using CoulombGan.IO;
using CoulombGan.Pictures;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Cli;

internal static class SampleCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint file, or a run directory (uses its checkpoints/latest.ckpt)" };
        var count = new Option<int>("--count") { Description = "Number of samples", DefaultValueFactory = _ => 64 };
        var output = new Option<string?>("--out") { Description = "Output path without extension (default: <run>/samples/samples-<count>)" };
        var seed = new Option<long>("--seed") { Description = "Seed of the latent codes", DefaultValueFactory = _ => 0 };
        var command = new Command("sample", "Draw samples from a trained generator: a PNG picture plus raw values (.npy for images, .csv for 2-D points).");
        command.Arguments.Add(checkpoint);
        command.Options.Add(count);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.SetAction(parse => Failures.Run(() =>
        {
            int n = parse.GetValue(count);
            if (n < 1) throw new ConfigurationException($"--count {n}: must be at least 1");
            using var session = TrainingSession.Open(Failures.CheckpointPath(parse.GetValue(checkpoint)!));
            var prefix = parse.GetValue(output) ?? Path.Combine(session.Run.Root, "samples", $"samples-{n}");
            using var random = new torch.Generator(unchecked((ulong)parse.GetValue(seed)));
            using var samples = session.Trainer.Sample(n, random);
            var written = new List<string>();
            if (samples.dim() == 2)
            {
                var rows = RunPictures.ToRows(samples);
                RunPictures.WritePointsCsv(prefix + ".csv", rows);
                using var realRandom = new torch.Generator(unchecked((ulong)parse.GetValue(seed) + 1));
                using var real = session.Data.Sample(n, realRandom);
                ScatterPicture.Write(prefix + ".png", RunPictures.ToRows(real), rows, $"{n} samples, step {session.Trainer.StepCount}", RunPictures.RangeOf(session));
                written.AddRange([prefix + ".csv", prefix + ".png"]);
            }
            else
            {
                NpyFile.WriteFloat32(prefix + ".npy", samples.contiguous().data<float>().ToArray(), samples.shape);
                RunPictures.WriteGrid(prefix + ".png", samples);
                written.AddRange([prefix + ".npy", prefix + ".png"]);
            }
            Console.WriteLine($"{n} samples from step {session.Trainer.StepCount}:");
            foreach (var path in written) Console.WriteLine($"  {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }
}
