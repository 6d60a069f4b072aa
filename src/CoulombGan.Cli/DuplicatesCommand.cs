using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using CoulombGan.Metrics;
using CoulombGan.Pictures;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Cli;

internal static class DuplicatesCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint file of an image run, or its run directory (uses its checkpoints/latest.ckpt)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per batch, s", DefaultValueFactory = _ => 1024 };
        var batches = new Option<int>("--batches") { Description = "Batches of generated (and of real) samples, B", DefaultValueFactory = _ => 10 };
        var pairs = new Option<int>("--pairs") { Description = "Closest generated pairs to show", DefaultValueFactory = _ => BirthdayParadox.DefaultPairs };
        var threshold = new Option<double?>("--threshold") { Description = "Pixel distance below which a pair is a duplicate (default: 0.5 x the median closest-pair distance of B batches of real images)" };
        var seed = new Option<long>("--seed") { Description = "Seed of the latent codes (the real batches use seed + 1)", DefaultValueFactory = _ => 0 };
        var directory = new Option<string?>("--data-directory") { Description = "Directory of the training set's files (default: the run's)" };
        var output = new Option<string?>("--out") { Description = "Output path without extension (default: <run>/duplicates)" };
        var command = new Command("duplicates",
            "Birthday-paradox test (Arora & Zhang 2017; paper Figure 3): closest pairs in batches of generated images, their nearest training images, and the support size the duplicate rate implies.");
        command.Arguments.Add(checkpoint);
        foreach (var o in new Option[] { batchSize, batches, pairs, threshold, seed, directory, output }) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            int s = parse.GetValue(batchSize), b = parse.GetValue(batches), k = parse.GetValue(pairs);
            if (s < 2) throw new ConfigurationException($"--batch-size {s}: must be at least 2");
            if (b < 1) throw new ConfigurationException($"--batches {b}: must be at least 1");
            if (k < 1) throw new ConfigurationException($"--pairs {k}: must be at least 1");
            if (parse.GetValue(threshold) is { } t && !(t >= 0)) throw new ConfigurationException($"--threshold {F(t, "R")}: must be a distance >= 0");
            if ((long)s * b > int.MaxValue) throw new ConfigurationException($"--batch-size {s} x --batches {b}: too many samples");
            using var session = TrainingSession.Open(Failures.CheckpointPath(parse.GetValue(checkpoint)!));
            if (session.Data.SampleShape.Length != 3)
                throw new ConfigurationException($"duplicates needs an image run; this checkpoint is for {session.Config.Dataset} (2-D points)");
            using var other = parse.GetValue(directory) is { } dir ? Datasets.Load(session.Config with { DataDirectory = dir }) : null;
            var training = (other ?? session.Data).Samples;
            if (training.shape[0] < s) throw new ConfigurationException($"--batch-size {s}: the training set holds only {training.shape[0]} images");
            var prefix = parse.GetValue(output) ?? Path.Combine(session.Run.Root, "duplicates");

            Console.WriteLine($"{session.Config.Dataset}, step {session.Trainer.StepCount}: {b} batches of {s} generated images (seed {parse.GetValue(seed)}), {k} closest pairs");
            using var random = new torch.Generator(unchecked((ulong)parse.GetValue(seed)));
            using var realRandom = new torch.Generator(unchecked((ulong)parse.GetValue(seed) + 1));
            using var generated = session.Trainer.Sample(s * b, random);
            var result = BirthdayParadox.Compute(generated, s, training, realRandom, parse.GetValue(threshold), k);

            session.Run.WriteJson(prefix + ".json", Json(result, session.Trainer.StepCount, parse.GetValue(seed)));
            WritePairs(prefix + ".png", result, generated, training);
            foreach (var (label, value) in Table(result)) Console.WriteLine($"  {label,-44} {value}");
            Console.WriteLine($"written: {Path.GetFullPath(prefix + ".json")}");
            Console.WriteLine($"         {Path.GetFullPath(prefix + ".png")}");
            return 0;
        }));
        return command;
    }

    /// <summary>One row per pair: generated a, generated b, nearest training image of a, of b.</summary>
    private static void WritePairs(string path, BirthdayParadoxResult result, torch.Tensor generated, torch.Tensor training)
    {
        using var scope = torch.NewDisposeScope();
        var rows = result.ClosestPairs.SelectMany(p => new[]
        {
            generated[(long)p.Batch * result.BatchSize + p.First], generated[(long)p.Batch * result.BatchSize + p.Second],
            training[p.FirstNearest.Index], training[p.SecondNearest.Index],
        });
        var images = torch.stack(rows.ToArray()).to(torch.ScalarType.Float32).contiguous();
        var shape = images.shape;
        ImageGrid.Write(path, images.data<float>().ToArray(), (int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], columns: 4);
    }

    private static JsonObject Json(BirthdayParadoxResult r, long step, long seed) => new()
    {
        ["step"] = step,
        ["seed"] = seed,
        ["batch_size"] = r.BatchSize,
        ["batches"] = r.Batches,
        ["threshold"] = r.Threshold,
        ["threshold_calibrated"] = r.ThresholdCalibrated,
        ["generated_closest"] = Array(r.GeneratedClosest),
        ["real_closest"] = Array(r.RealClosest),
        ["batches_with_duplicate"] = r.BatchesWithDuplicate,
        ["duplicate_share"] = r.DuplicateShare,
        ["support_estimate"] = r.Support.Size,
        ["support_bound"] = r.Support.Kind switch
        {
            SupportBound.LowerBound => "lower",
            SupportBound.UpperBound => "upper",
            _ => "estimate",
        },
        ["support_share"] = r.Support.Share,
        ["closest_pairs"] = new JsonArray(r.ClosestPairs.Select(p => (JsonNode?)new JsonObject
        {
            ["batch"] = p.Batch,
            ["first"] = p.First,
            ["second"] = p.Second,
            ["distance"] = p.Distance,
            ["first_nearest_index"] = p.FirstNearest.Index,
            ["first_nearest_distance"] = p.FirstNearest.Distance,
            ["second_nearest_index"] = p.SecondNearest.Index,
            ["second_nearest_distance"] = p.SecondNearest.Distance,
        }).ToArray()),
    };

    private static JsonArray Array(double[] values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static List<(string, string)> Table(BirthdayParadoxResult r)
    {
        var support = r.Support.Kind switch
        {
            SupportBound.LowerBound => $">= {F(r.Support.Size, "N0")} (no duplicates; 95% lower bound)",
            SupportBound.UpperBound => $"<= {F(r.Support.Size, "N0")} (duplicates in every batch; 95% upper bound)",
            _ => $"~ {F(r.Support.Size, "N0")}",
        };
        var shown = r.ClosestPairs.Select(p => $"{F(p.Distance, "F2")} (train {F(p.FirstNearest.Distance, "F2")}/{F(p.SecondNearest.Distance, "F2")})");
        return
        [
            (r.ThresholdCalibrated ? "threshold (0.5 x median real closest pair)" : "threshold (given)", F(r.Threshold, "F4")),
            ("closest pair per batch, generated min/med", $"{F(r.GeneratedClosest.Min(), "F4")} / {F(BirthdayParadox.Median(r.GeneratedClosest), "F4")}"),
            ("closest pair per batch, real min/med", $"{F(r.RealClosest.Min(), "F4")} / {F(BirthdayParadox.Median(r.RealClosest), "F4")}"),
            ("batches with a duplicate", $"{r.BatchesWithDuplicate}/{r.Batches} ({F(100 * r.DuplicateShare, "F1")}%)"),
            ($"support size (s = {r.BatchSize})", support),
            ("closest pairs (their nearest training)", string.Join(", ", shown.Take(4)) + (r.ClosestPairs.Count > 4 ? ", ..." : "")),
        ];
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
