using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CoulombGan.Data;
using CoulombGan.Metrics;
using CoulombGan.Training;

namespace CoulombGan.Cli;

internal static class TrainClassifierCommand
{
    public const string DefaultPath = "models/fashion-classifier.bin";

    public static Command Create()
    {
        var directory = new Option<string?>("--data-directory") { Description = $"Directory of the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images", DefaultValueFactory = _ => new ClassifierTrainingOptions().Epochs };
        var seed = new Option<long>("--seed") { Description = "Seed of the initial weights, shuffling and dropout", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Weights file to write", DefaultValueFactory = _ => DefaultPath };
        var command = new Command("train-classifier",
            "Train the Fashion-MNIST classifier whose 128-d penultimate layer is the 'classifier' feature space of stats and eval; reports test accuracy.");
        foreach (var o in new Option[] { directory, epochs, seed, output }) command.Options.Add(o);
        command.SetAction(parse => Failures.Run(() =>
        {
            int epochCount = parse.GetValue(epochs);
            if (epochCount < 1) throw new ConfigurationException($"--epochs {epochCount}: must be at least 1");
            var dataDirectory = parse.GetValue(directory);
            using var train = FashionMnist.Load("train", dataDirectory);
            using var test = FashionMnist.Load("test", dataDirectory);
            var clock = Stopwatch.StartNew();
            var options = new ClassifierTrainingOptions { Epochs = epochCount, Seed = parse.GetValue(seed) };
            using var model = FashionClassifierTrainer.Train(train, options, report =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {report.Epoch}/{epochCount}  training loss {report.TrainingLoss:F4}  {report.Seconds:F0} s")));
            double accuracy = FashionClassifierTrainer.Accuracy(model, test);
            var path = parse.GetValue(output)!;
            model.Save(path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {100 * accuracy:F2}% on {test.Count} images; trained in {clock.Elapsed.TotalSeconds:F0} s"));
            Console.WriteLine($"weights: {Path.GetFullPath(path)}");
            return 0;
        }));
        return command;
    }
}
