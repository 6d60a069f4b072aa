using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Cli;

internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint file, or a run directory (uses its checkpoints/latest.ckpt)" };
        var samples = new Option<int?>("--samples") { Description = "Generated samples (default: images 10000; 2-D runs the run's evaluation-samples, which reproduces evaluation.json)" };
        var against = new Option<string?>("--against") { Description = "Reference: the run's dataset name (default), or a .npz statistics file (then only the Frechet distance)" };
        var split = new Option<string>("--split") { Description = "Split of the reference dataset: train or test", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "test");
        var directory = new Option<string?>("--data-directory") { Description = "Directory of the dataset's files (default: the run's)" };
        var output = new Option<string?>("--out") { Description = "JSON file to write (default: <run>/eval-<features><samples>.json)" };
        var features = new FeatureOptions();
        var command = new Command("eval",
            "Score a trained generator: for images Frechet distance, KID, precision/recall, density/coverage (and the class histogram with the classifier); for 2-D mixtures the mode metrics.");
        command.Arguments.Add(checkpoint);
        foreach (var o in new Option[] { samples, against, split, directory, output }.Concat(features.All)) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            if (parse.GetValue(samples) is < 2 and var given) throw new ConfigurationException($"--samples {given}: must be at least 2");
            using var session = TrainingSession.Open(Failures.CheckpointPath(parse.GetValue(checkpoint)!));
            var reference = parse.GetValue(against);
            bool isStatsFile = reference is not null && (reference.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) || File.Exists(reference));
            if (reference is not null && !isStatsFile && reference != session.Config.Dataset)
                throw new ConfigurationException($"--against {reference}: this run was trained on {session.Config.Dataset}; evaluate it against {session.Config.Dataset} or a .npz statistics file");
            var (name, result, table) = session.Mixture is not null
                ? EvaluateModes(session, parse.GetValue(samples) ?? session.Config.EvaluationSamples, isStatsFile)
                : EvaluateImages(session, parse, features, parse.GetValue(samples) ?? 10_000, isStatsFile ? reference : null,
                    parse.GetValue(split)!, parse.GetValue(directory) ?? session.Config.DataDirectory);
            var path = parse.GetValue(output) ?? Path.Combine(session.Run.Root, $"eval-{name}.json");
            session.Run.WriteJson(path, result);
            foreach (var (label, value) in table) Console.WriteLine($"  {label,-34} {value}");
            Console.WriteLine($"written: {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
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

    private static (string, object, List<(string, string)>) EvaluateImages(TrainingSession session, ParseResult parse, FeatureOptions options,
        int count, string? statsFile, string split, string? dataDirectory)
    {
        int batch = options.GetBatchSize(parse);
        var kind = parse.GetValue(options.Features)!;
        if (session.Config.Dataset != Datasets.FashionMnistName && (kind == FeatureOptions.Classifier || statsFile is null))
            throw new ConfigurationException($"the classifier and the reference dataset are Fashion-MNIST's; this run is {session.Config.Dataset}");
        var statistics = statsFile is null ? default : NpzFile.ReadStatistics(statsFile);
        var extractor = options.Create(parse);
        try
        {
            if (statsFile is not null && statistics.Mu.Length != extractor.FeatureSize)
                throw new ConfigurationException($"{statsFile}: statistics of {statistics.Mu.Length}-d features, but {extractor.Name} features are {extractor.FeatureSize}-d");
            string protocol = $"{kind}{count}";
            string fdName = kind == FeatureOptions.Inception ? $"fid_{count}" : $"fd_classifier_{count}";
            Console.WriteLine($"{session.Config.Dataset}, step {session.Trainer.StepCount}: {count} samples, {extractor.Name} features ({extractor.FeatureSize}-d), against {statsFile ?? session.Config.Dataset + " " + split}");
            using var random = new torch.Generator(TrainingSession.EvaluationSeed(session.Config.Seed));
            using var generated = session.Trainer.Sample(count, random);
            using var generatedFeatures = extractor.Extract(generated, batch);
            var json = new JsonObject
            {
                ["step"] = session.Trainer.StepCount,
                ["samples"] = count,
                ["features"] = extractor.Name,
                ["feature_size"] = extractor.FeatureSize,
                ["against"] = statsFile is null ? $"{session.Config.Dataset}:{split}" : Path.GetFullPath(statsFile),
            };
            var table = new List<(string, string)>();
            if (statsFile is not null)
            {
                using var generatedStatistics = FeatureComparisons.Statistics(generatedFeatures);
                double fd = FrechetDistance.Compute(statistics.Mu, statistics.Sigma, generatedStatistics.Mu, generatedStatistics.Sigma);
                json[fdName] = fd;
                table.Add((fdName, F(fd, "F4")));
                if (generatedStatistics.Warning is { } w) json["warning"] = w;
                return ($"{protocol}-stats", json, table);
            }
            using var data = FashionMnist.Load(split, dataDirectory);
            using var realFeatures = extractor.Extract(data.Samples, batch);
            var comparison = FeatureComparisons.Compare(realFeatures, generatedFeatures);
            json["real_samples"] = data.Count;
            json[fdName] = comparison.FrechetDistance;
            json[$"kid_{kind}_{count}"] = new JsonObject { ["mean"] = comparison.Kid.Mean, ["std"] = comparison.Kid.Std, ["subset_size"] = comparison.Kid.SubsetSize, ["subsets"] = comparison.Kid.Subsets };
            json[$"precision_{kind}_{count}"] = comparison.PrecisionRecall.Precision;
            json[$"recall_{kind}_{count}"] = comparison.PrecisionRecall.Recall;
            json[$"density_{kind}_{count}"] = comparison.DensityCoverage.Density;
            json[$"coverage_{kind}_{count}"] = comparison.DensityCoverage.Coverage;
            table.Add((fdName, F(comparison.FrechetDistance, "F4")));
            table.Add(($"KID (x1000, {comparison.Kid.Subsets} x {comparison.Kid.SubsetSize})", $"{F(1000 * comparison.Kid.Mean, "F3")} +- {F(1000 * comparison.Kid.Std, "F3")}"));
            table.Add(($"precision / recall (k = {comparison.PrecisionRecall.K})", $"{F(comparison.PrecisionRecall.Precision, "F4")} / {F(comparison.PrecisionRecall.Recall, "F4")}"));
            table.Add(($"density / coverage (k = {comparison.DensityCoverage.K})", $"{F(comparison.DensityCoverage.Density, "F4")} / {F(comparison.DensityCoverage.Coverage, "F4")}"));
            if (comparison.Warning is { } warning) json["warning"] = warning;
            if (extractor is FashionClassifier classifier)
            {
                using var predicted = classifier.PredictClasses(generated, batch);
                using var train = split == "train" ? null : FashionMnist.Load("train", dataDirectory);
                var histogram = ClassHistogram.Compute(predicted, (train ?? data).Labels!, FashionClassifier.ClassCount);
                json["class_counts"] = new JsonArray(histogram.Counts.Select(c => (JsonNode?)c).ToArray());
                json["class_kl"] = double.IsFinite(histogram.Kl) ? histogram.Kl : null;
                json["classes_covered"] = histogram.ClassesCovered;
                table.Add(("class KL to training classes (nats)", F(histogram.Kl, "F4")));
                table.Add(($"classes covered (>= {histogram.CoverThreshold} samples)", $"{histogram.ClassesCovered}/{FashionClassifier.ClassCount}"));
                table.Add(("class shares (%)", string.Join(" ", histogram.Shares.Select((s, i) => $"{FashionMnist.ClassNames[i]} {F(100 * s, "F1")}"))));
            }
            return (protocol, json, table);
        }
        finally
        {
            (extractor as IDisposable)?.Dispose();
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
