using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Cli;

/// <summary>What eval compares images with: a Fashion-MNIST split (<see cref="StatsFile"/> null) or a .npz statistics file.</summary>
internal sealed record EvalReference(string? StatsFile, string Split, string? DataDirectory)
{
    public static bool IsStatsFile(string against) => against.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) || File.Exists(against);
}

/// <summary>
/// The feature-space part of eval, one path for every source of images [N, C, H, W] in [-1, 1]: samples drawn from a
/// checkpoint, a folder of images, a .npy file.
/// </summary>
internal static class FeatureEvaluation
{
    /// <summary>
    /// Loads the extractor (and statistics file), then calls <paramref name="draw"/> for the images, so a missing weights
    /// file fails before anything expensive; returns the protocol name, the JSON and the printed table.
    /// </summary>
    /// <param name="subject">What the images are, first words of the header line ("fashion-mnist, step 988", a path).</param>
    /// <param name="json">The JSON to extend, holding what identifies the images ("step" or "source").</param>
    public static (string Name, JsonObject Json, List<(string, string)> Table) Score(Func<Tensor> draw, string subject, JsonObject json,
        EvalReference reference, ParseResult parse, FeatureOptions options)
    {
        int batch = options.GetBatchSize(parse);
        var kind = parse.GetValue(options.Features)!;
        var statsFile = reference.StatsFile;
        var statistics = statsFile is null ? default : NpzFile.ReadStatistics(statsFile);
        var extractor = options.Create(parse);
        try
        {
            if (statsFile is not null && statistics.Mu.Length != extractor.FeatureSize)
                throw new ConfigurationException($"{statsFile}: statistics of {statistics.Mu.Length}-d features, but {extractor.Name} features are {extractor.FeatureSize}-d");
            using var generated = draw();
            if (extractor is FashionClassifier && !generated.shape[1..].SequenceEqual([1L, FashionClassifier.ImageSize, FashionClassifier.ImageSize]))
                throw new ConfigurationException($"--features classifier needs 1 x {FashionClassifier.ImageSize} x {FashionClassifier.ImageSize} grey images (the Fashion-MNIST classifier's input); these are {string.Join(" x ", generated.shape[1..])}; use --features inception");
            int count = (int)generated.shape[0];
            string protocol = $"{kind}{count}";
            string fdName = FeatureComparisons.FrechetKey(extractor, count);
            Console.WriteLine($"{subject}: {count} samples of {string.Join(" x ", generated.shape[1..])}, {extractor.Name} features ({extractor.FeatureSize}-d), against {statsFile ?? Datasets.FashionMnistName + " " + reference.Split}");
            var warnings = new List<string?> { RangeWarning(generated) };
            using var generatedFeatures = extractor.Extract(generated, batch);
            json["samples"] = count;
            json["features"] = extractor.Name;
            json["feature_size"] = extractor.FeatureSize;
            json["against"] = statsFile is null ? $"{Datasets.FashionMnistName}:{reference.Split}" : Path.GetFullPath(statsFile);
            var table = new List<(string, string)>();
            if (statsFile is not null)
            {
                using var generatedStatistics = FeatureComparisons.Statistics(generatedFeatures);
                double fd = FrechetDistance.Compute(statistics.Mu, statistics.Sigma, generatedStatistics.Mu, generatedStatistics.Sigma);
                json[fdName] = fd;
                table.Add((fdName, F(fd, "F4")));
                warnings.Add(generatedStatistics.Warning);
                AddWarnings(json, warnings);
                return ($"{protocol}-stats", json, table);
            }
            using var data = FashionMnist.Load(reference.Split, reference.DataDirectory);
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
            warnings.Add(comparison.Warning);
            AddWarnings(json, warnings);
            if (extractor is FashionClassifier classifier)
            {
                using var predicted = classifier.PredictClasses(generated, batch);
                using var train = reference.Split == "train" ? null : FashionMnist.Load("train", reference.DataDirectory);
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

    /// <summary>Images outside [-1, 1] were scaled otherwise (e.g. [0, 1] or [0, 255]); scored as they are, but said.</summary>
    private static string? RangeWarning(Tensor images)
    {
        using var min = images.min();
        using var max = images.max();
        double low = min.ToDouble(), high = max.ToDouble();
        return low >= -1 && high <= 1 ? null
            : $"values span [{F(low, "G6")}, {F(high, "G6")}], outside [-1, 1]: images are expected scaled as pixel / 127.5 - 1";
    }

    private static void AddWarnings(JsonObject json, IEnumerable<string?> warnings)
    {
        var text = string.Join("; ", warnings.Where(w => w is not null).Distinct());
        if (text.Length > 0) json["warning"] = text;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
