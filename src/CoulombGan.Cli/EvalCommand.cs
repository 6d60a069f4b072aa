using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Pictures;
using CoulombGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Cli;

internal static class EvalCommand
{
    private sealed class Options
    {
        public Argument<string> Input { get; } = new("input")
        {
            Description = "A checkpoint file, a run directory (uses its checkpoints/latest.ckpt), a folder of images (*.png, *.jpg, *.jpeg, *.bmp, *.webp) or a .npy file of images",
        };

        public Option<int?> Samples { get; } = new("--samples")
        {
            Description = "Samples scored (default: 10000 drawn from an image run; a 2-D run's evaluation-samples, which reproduces evaluation.json; every image of a folder or .npy file, else its first N)",
        };

        public Option<string?> Against { get; } = new("--against")
        {
            Description = "Reference: a dataset name (fashion-mnist; for a run its own dataset, the default) or a .npz statistics file (then only the Frechet distance); required for a folder or .npy file",
        };

        public Option<string> Split { get; } = new("--split") { Description = "Split of the reference dataset: train or test", DefaultValueFactory = _ => "train" };

        public Option<string?> DataDirectory { get; } = new("--data-directory") { Description = "Directory of the dataset's files (default: the run's, else the standard one)" };

        public Option<string?> Output { get; } = new("--out")
        {
            Description = "JSON file to write (default: <run>/eval-<features><N>.json, <folder>/eval-<features><N>.json, <name>.eval-<features><N>.json beside <name>.npy)",
        };

        public FeatureOptions Features { get; } = new();

        public Options() => Split.AcceptOnlyFromAmong("train", "test");
    }

    public static Command Create()
    {
        var o = new Options();
        var command = new Command("eval",
            "Score a trained generator, a folder of images or a .npy file of images: for images Frechet distance, KID, precision/recall, density/coverage (and the class histogram with the classifier); for 2-D mixtures the mode metrics.");
        command.Arguments.Add(o.Input);
        foreach (var option in new Option[] { o.Samples, o.Against, o.Split, o.DataDirectory, o.Output }.Concat(o.Features.All)) command.Options.Add(option);
        command.SetAction(parse => Failures.Run(() =>
        {
            if (parse.GetValue(o.Samples) is < 2 and var given) throw new ConfigurationException($"--samples {given}: must be at least 2");
            var input = parse.GetValue(o.Input)!;
            var (path, result, table) = IsImageInput(input) ? EvaluateImages(input, parse, o) : EvaluateCheckpoint(input, parse, o);
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, TrainingConfig.Json) + "\n");
            foreach (var (label, value) in table) Console.WriteLine($"  {label,-34} {value}");
            if (result is JsonObject json && json["warning"] is { } warning) Console.WriteLine($"warning: {warning}");
            Console.WriteLine($"written: {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }

    /// <summary>A folder of images (a directory without checkpoints/) or a .npy file, rather than a run or checkpoint.</summary>
    private static bool IsImageInput(string input) =>
        Directory.Exists(input) ? !Directory.Exists(Path.Combine(input, "checkpoints")) : input.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    private static (string, object, List<(string, string)>) EvaluateCheckpoint(string input, ParseResult parse, Options o)
    {
        using var session = TrainingSession.Open(Failures.CheckpointPath(input));
        var reference = parse.GetValue(o.Against);
        bool isStatsFile = reference is not null && EvalReference.IsStatsFile(reference);
        if (reference is not null && !isStatsFile && reference != session.Config.Dataset)
            throw new ConfigurationException($"--against {reference}: this run was trained on {session.Config.Dataset}; evaluate it against {session.Config.Dataset} or a .npz statistics file");
        if (session.Mixture is not null && new Option[] { o.Features.Features, o.Features.ClassifierPath, o.Features.InceptionWeights, o.Split }.FirstOrDefault(f => parse.GetResult(f) is { Implicit: false }) is { } ignored)
            throw new ConfigurationException($"{ignored.Name} applies to image runs; a {session.Config.Dataset} run is scored by its mode metrics");
        var (name, result, table) = session.Mixture is not null
            ? EvaluateModes(session, parse.GetValue(o.Samples) ?? session.Config.EvaluationSamples, isStatsFile)
            : EvaluateGenerator(session, parse, o, isStatsFile ? reference : null);
        return (parse.GetValue(o.Output) ?? Path.Combine(session.Run.Root, $"eval-{name}.json"), result, table);
    }

    private static (string, object, List<(string, string)>) EvaluateModes(TrainingSession session, int count, bool statsFile)
    {
        if (statsFile) throw new ConfigurationException($"--against a statistics file needs an image run; this run is {session.Config.Dataset}");
        var report = session.EvaluateModes(count)!;
        Console.WriteLine($"{session.Config.Dataset}, step {session.Trainer.StepCount}, {count} samples (latent seed of the run's evaluation):");
        var table = new List<(string, string)>
        {
            ("modes captured (>= 10 high-quality)", $"{report.ModesCaptured}/{report.ModeCount}"),
            ("high-quality share (within 3 sd)", F(100 * report.HighQualityShare, "F2") + "%"),
            ("mode KL (nats)", F(report.ModeKl, "F4")),
            ("spread ratio min..max", $"{F(report.MinSpreadRatio, "F3")}..{F(report.MaxSpreadRatio, "F3")}"),
        };
        return ($"modes{count}", TrainingSession.ModeReportJson(session.Trainer.StepCount, report), table);
    }

    /// <summary>Samples drawn with the latent seed of the run's evaluation, so repeated evaluations see the same samples.</summary>
    private static (string, object, List<(string, string)>) EvaluateGenerator(TrainingSession session, ParseResult parse, Options o, string? statsFile)
    {
        if (session.Config.Dataset != Datasets.FashionMnistName && (parse.GetValue(o.Features.Features) == FeatureOptions.Classifier || statsFile is null))
            throw new ConfigurationException($"the classifier and the reference dataset are Fashion-MNIST's; this run is {session.Config.Dataset}");
        int count = parse.GetValue(o.Samples) ?? 10_000;
        var reference = new EvalReference(statsFile, parse.GetValue(o.Split)!, parse.GetValue(o.DataDirectory) ?? session.Config.DataDirectory);
        var json = new JsonObject { ["step"] = session.Trainer.StepCount };
        Tensor Draw()
        {
            using var random = new torch.Generator(TrainingSession.EvaluationSeed(session.Config.Seed));
            return session.Trainer.Sample(count, random);
        }
        return FeatureEvaluation.Score(Draw, $"{session.Config.Dataset}, step {session.Trainer.StepCount}", json, reference, parse, o.Features);
    }

    /// <summary>A folder of images or a .npy file: no run, so the reference is required and the JSON goes beside the input.</summary>
    private static (string, object, List<(string, string)>) EvaluateImages(string input, ParseResult parse, Options o)
    {
        var against = parse.GetValue(o.Against)
            ?? throw new ConfigurationException($"{input}: images need --against: {Datasets.FashionMnistName} or a .npz statistics file");
        bool isStatsFile = EvalReference.IsStatsFile(against);
        if (!isStatsFile && against != Datasets.FashionMnistName)
            throw new ConfigurationException($"--against {against}: images are compared with {Datasets.FashionMnistName} or a .npz statistics file");
        var reference = new EvalReference(isStatsFile ? against : null, parse.GetValue(o.Split)!, parse.GetValue(o.DataDirectory));
        var json = new JsonObject { ["source"] = Path.GetFullPath(input) };
        var (name, result, table) = FeatureEvaluation.Score(() => ReadImages(input, parse.GetValue(o.Samples)), input, json, reference, parse, o.Features);
        var path = parse.GetValue(o.Output) ?? (Directory.Exists(input)
            ? Path.Combine(input, $"eval-{name}.json")
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, $"{Path.GetFileNameWithoutExtension(input)}.eval-{name}.json"));
        return (path, result, table);
    }

    /// <summary>The first <paramref name="limit"/> images (all when null) as float32 [N, C, H, W] in [-1, 1].</summary>
    private static Tensor ReadImages(string input, int? limit)
    {
        Tensor images;
        if (Directory.Exists(input))
        {
            var folder = ImageFolder.Read(input, limit);
            images = torch.tensor(folder.Values, folder.Shape);
        }
        else
        {
            images = NpyImages.Read(input, limit);
        }
        long count = images.shape[0];
        if (count < (limit ?? 2))
        {
            images.Dispose();
            throw limit is { } n
                ? new ConfigurationException($"--samples {n}: {input} holds {count} images")
                : new ConfigurationException($"{input}: {count} image; at least 2 are needed");
        }
        return images;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
