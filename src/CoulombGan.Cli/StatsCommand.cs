using System.CommandLine;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Training;

namespace CoulombGan.Cli;

internal static class StatsCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset whose features are summarised", DefaultValueFactory = _ => Datasets.FashionMnistName };
        dataset.AcceptOnlyFromAmong(Datasets.FashionMnistName);
        var split = new Option<string>("--split") { Description = "train or test", DefaultValueFactory = _ => "train" };
        split.AcceptOnlyFromAmong("train", "test");
        var directory = new Option<string?>("--data-directory") { Description = $"Directory of the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var output = new Option<string>("--out") { Description = "The .npz file to write (float64 mu and sigma, as TTUR and pytorch-fid)", Required = true };
        var features = new FeatureOptions();
        var command = new Command("stats", "Write the mean and covariance of a dataset's features to a .npz statistics file.");
        foreach (var o in new Option[] { dataset, split, directory, output }.Concat(features.All)) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            int batch = features.GetBatchSize(parse);
            using var data = FashionMnist.Load(parse.GetValue(split)!, parse.GetValue(directory));
            var extractor = features.Create(parse);
            try
            {
                using var values = extractor.Extract(data.Samples, batch);
                using var statistics = FeatureComparisons.Statistics(values);
                var path = parse.GetValue(output)!;
                NpzFile.WriteStatistics(path, statistics.Mu, statistics.Sigma);
                Console.WriteLine($"{extractor.Name} features ({extractor.FeatureSize}-d) of {statistics.Count} {parse.GetValue(dataset)} {parse.GetValue(split)} images: {Path.GetFullPath(path)}");
                if (statistics.Warning is { } warning) Console.WriteLine($"warning: {warning}");
                return 0;
            }
            finally
            {
                (extractor as IDisposable)?.Dispose();
            }
        }));
        return command;
    }
}
