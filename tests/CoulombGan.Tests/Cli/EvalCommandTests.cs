using System.Text.Json;
using CoulombGan.Cli;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Data;
using CoulombGan.Tests.Data;
using CoulombGan.Training;
using TorchSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Cli;

public sealed class EvalCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Cli.Run(args);

    private static RunDirectory TrainToy(string parent)
    {
        var (code, _, error) = Run("train", "--out", parent, "--steps", "30", "--batch-size", "32", "--training-set-size", "2000",
            "--generator-hidden", "32", "--discriminator-hidden", "32", "--picture-every", "1000", "--evaluation-samples", "400");
        Assert.True(code == 0, error);
        return new RunDirectory(Directory.GetDirectories(parent).Single());
    }

    /// <summary>A tiny Fashion-MNIST run: 2 DCGAN steps of batch 8.</summary>
    private static RunDirectory TrainImages(string parent)
    {
        var (code, _, error) = Run("train", "--preset", "fashion-mnist", "--out", parent, "--steps", "2", "--batch-size", "8",
            "--monitor-every", "0", "--plateau-patience", "0", "--picture-every", "1000");
        Assert.True(code == 0, error);
        return new RunDirectory(Directory.GetDirectories(parent).Single());
    }

    internal static string RandomClassifier(string directory)
    {
        torch.manual_seed(11);
        using var model = new FashionClassifier();
        var path = Path.Combine(directory, "classifier.bin");
        model.Save(path);
        return path;
    }

    [Fact]
    public void Image_options_on_a_mixture_run_are_refused_not_ignored()
    {
        var run = TrainToy(TemporaryDirectory());
        var (code, _, error) = Run("eval", run.Root, "--features", "inception");
        Assert.Equal(1, code);
        Assert.Equal("error: --features applies to image runs; a gaussians25 run is scored by its mode metrics", error.Trim());
    }

    [Fact]
    public void Eval_of_a_mixture_run_reproduces_its_evaluation_json_exactly()
    {
        var run = TrainToy(TemporaryDirectory());
        var (code, output, error) = Run("eval", run.Root);
        Assert.True(code == 0, error);
        var written = Path.Combine(run.Root, "eval-modes400.json");
        Assert.Equal(File.ReadAllText(run.EvaluationPath), File.ReadAllText(written));
        var evaluation = JsonDocument.Parse(File.ReadAllText(run.EvaluationPath)).RootElement;
        Assert.Contains($"{evaluation.GetProperty("modes_captured").GetInt32()}/25", output);
    }

    [Fact]
    public void Eval_errors_are_one_line_messages()
    {
        var parent = TemporaryDirectory();
        var missing = Path.Combine(parent, "nothing.ckpt");
        var (code, _, error) = Run("eval", missing);
        Assert.Equal(1, code);
        Assert.Equal($"error: checkpoint {missing} does not exist", error.Trim());

        var run = TrainToy(Path.Combine(parent, "toy"));
        (code, _, error) = Run("eval", run.Root, "--against", "fashion-mnist");
        Assert.Equal(1, code);
        Assert.Equal("error: --against fashion-mnist: this run was trained on gaussians25; evaluate it against gaussians25 or a .npz statistics file", error.Trim());
    }

    [Fact]
    public void Missing_classifier_weights_are_named_in_one_line()
    {
        var parent = TemporaryDirectory();
        var missing = Path.Combine(parent, "no-classifier.bin");
        var (code, _, error) = Run("stats", "--split", "test", "--classifier", missing, "--out", Path.Combine(parent, "s.npz"));
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {missing}: classifier weights not found", error);
        Assert.Single(error.Trim().Split('\n'));

        (code, _, error) = Run("stats", "--split", "test", "--features", "inception", "--out", Path.Combine(parent, "s.npz"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: --features inception needs --inception-weights", error);
    }

    [Fact]
    public void Stats_then_eval_of_an_image_run_against_dataset_and_stats_file()
    {
        var parent = TemporaryDirectory();
        var classifier = RandomClassifier(parent);
        var statsPath = Path.Combine(parent, "test-stats.npz");
        var (code, _, error) = Run("stats", "--split", "test", "--classifier", classifier, "--out", statsPath);
        Assert.True(code == 0, error);

        // Independently: the mean of the classifier features of the test split.
        var (mu, sigma) = NpzFile.ReadStatistics(statsPath);
        using (var test = FashionMnist.Load("test"))
        using (var model = FashionClassifier.Load(classifier))
        using (var features = model.Extract(test.Samples, 500))
        {
            var expected = features.to_type(torch.ScalarType.Float64).mean([0]).data<double>().ToArray();
            Assert.Equal(FashionClassifier.Features, mu.Length);
            Assert.Equal(FashionClassifier.Features, sigma.GetLength(0));
            for (int i = 0; i < mu.Length; i++) Assert.Equal(expected[i], mu[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])));
        }

        var run = TrainImages(Path.Combine(parent, "runs"));
        (code, var output, error) = Run("eval", run.Root, "--samples", "200", "--split", "test", "--classifier", classifier);
        Assert.True(code == 0, error);
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Root, "eval-classifier200.json"))).RootElement;
        Assert.True(result.GetProperty("fd_classifier_200").GetDouble() > 0);
        foreach (var key in new[] { "precision_classifier_200", "recall_classifier_200", "coverage_classifier_200" })
            Assert.InRange(result.GetProperty(key).GetDouble(), 0, 1);
        Assert.Equal(200, result.GetProperty("class_counts").EnumerateArray().Sum(c => c.GetInt64()));
        Assert.Equal(10_000, result.GetProperty("real_samples").GetInt64());
        Assert.Contains("fd_classifier_200", output);

        // Against the statistics file of the same split: the same Frechet distance.
        var outPath = Path.Combine(parent, "against-stats.json");
        (code, _, error) = Run("eval", run.Root, "--samples", "200", "--against", statsPath, "--classifier", classifier, "--out", outPath);
        Assert.True(code == 0, error);
        var fromStats = JsonDocument.Parse(File.ReadAllText(outPath)).RootElement.GetProperty("fd_classifier_200").GetDouble();
        Assert.Equal(result.GetProperty("fd_classifier_200").GetDouble(), fromStats, 1e-6 * fromStats);

        (code, _, error) = Run("eval", run.Root, "--against", "gaussians25", "--classifier", classifier);
        Assert.Equal(1, code);
        Assert.StartsWith("error: --against gaussians25: this run was trained on fashion-mnist", error);
    }

    [Fact]
    public void Train_classifier_reports_test_accuracy_and_writes_loadable_weights()
    {
        var parent = TemporaryDirectory();
        var data = Path.Combine(parent, "data");
        Directory.CreateDirectory(data);
        foreach (var (prefix, count) in new[] { ("train", 300), ("t10k", 50) })
        {
            // Class c: a bright band in rows 2c..2c+2 of an otherwise dark image.
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            var pixels = new byte[count * 28 * 28];
            for (int i = 0; i < count; i++)
            for (int row = 2 * labels[i]; row < 2 * labels[i] + 3; row++)
            for (int column = 0; column < 28; column++)
                pixels[i * 784 + row * 28 + column] = 255;
            File.WriteAllBytes(Path.Combine(data, $"{prefix}-labels-idx1-ubyte"), IdxTestFiles.Idx([count], labels));
            File.WriteAllBytes(Path.Combine(data, $"{prefix}-images-idx3-ubyte.gz"), IdxTestFiles.Gzip(IdxTestFiles.Idx([count, 28, 28], pixels)));
        }
        var weights = Path.Combine(parent, "models", "c.bin");
        var (code, output, error) = Run("train-classifier", "--data-directory", data, "--epochs", "2", "--out", weights);
        Assert.True(code == 0, error);
        Assert.Contains("epoch 2/2", output);
        Assert.Contains("test accuracy", output);
        Assert.Contains("on 50 images", output);
        using var model = FashionClassifier.Load(weights);

        (code, _, error) = Run("train-classifier", "--data-directory", Path.Combine(parent, "nowhere"), "--out", weights);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {Path.Combine(parent, "nowhere")}: Fashion-MNIST directory not found", error);
    }
}
