using System.Text.Json;
using CoulombGan.Data;
using CoulombGan.IO;
using CoulombGan.Metrics;
using CoulombGan.Pictures;
using TorchSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Cli;

/// <summary>eval of a folder of images and of a .npy file of images (no checkpoint).</summary>
public sealed class EvalImagesTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Cli.Run(args);

    /// <summary>One image per PNG file, through the same byte mapping as the sample grids.</summary>
    private static void WritePng(string path, float[] values, int channels, int height, int width) =>
        ImageGrid.Write(path, values, 1, channels, height, width, columns: 1, scale: 1, padding: 0);

    private static JsonElement ReadJson(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-3), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Png_folder_and_npy_file_score_like_the_metrics_computed_directly()
    {
        const int count = 300;
        var parent = TemporaryDirectory();
        var classifier = EvalCommandTests.RandomClassifier(parent);
        // Training images scored against the test split: images that are also in the reference set would sit exactly on
        // the k-th-neighbour radius of some real balls, and density/coverage would hinge on the last bit of a distance.
        using var train = FashionMnist.Load("train");
        using var test = FashionMnist.Load("test");

        // 320 training images as 0000.png .. 0319.png, written last to first, plus a file that is not an image;
        // --samples 300 must take the first 300 by name.
        var folder = Path.Combine(parent, "pngs");
        Directory.CreateDirectory(folder);
        for (int i = count + 19; i >= 0; i--)
        {
            using var image = train.Samples[i].contiguous();
            WritePng(Path.Combine(folder, $"{i:D4}.png"), image.data<float>().ToArray(), 1, 28, 28);
        }
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
        using var images = train.Samples.narrow(0, 0, count).contiguous();
        var npy = Path.Combine(parent, "images.npy");
        NpyFile.WriteFloat32(npy, images.data<float>().ToArray(), [count, 1, 28, 28]);

        var (code, output, error) = Run("eval", folder, "--samples", $"{count}", "--against", "fashion-mnist", "--split", "test", "--classifier", classifier);
        Assert.True(code == 0, error);
        Assert.Contains("fd_classifier_300", output);
        Assert.Contains("300 samples of 1 x 28 x 28", output);
        var fromPng = ReadJson(Path.Combine(folder, "eval-classifier300.json"));
        (code, _, error) = Run("eval", npy, "--against", "fashion-mnist", "--split", "test", "--classifier", classifier);
        Assert.True(code == 0, error);
        var fromNpy = ReadJson(Path.Combine(parent, "images.eval-classifier300.json"));

        // Independently: the same images through the classifier and FeatureComparisons, and the classes by argmax of the logits.
        using var model = FashionClassifier.Load(classifier);
        using var realFeatures = model.Extract(test.Samples, 200);
        using var generatedFeatures = model.Extract(images, 200);
        var expected = FeatureComparisons.Compare(realFeatures, generatedFeatures);
        var classCounts = new long[FashionClassifier.ClassCount];
        using (torch.no_grad())
        using (var logits = model.forward(images))
        using (var classes = logits.argmax(1))
            foreach (var c in classes.data<long>()) classCounts[c]++;

        foreach (var (result, source, tolerance) in new[] { (fromNpy, npy, 1e-7), (fromPng, folder, 1e-6) })
        {
            Assert.Equal(Path.GetFullPath(source), result.GetProperty("source").GetString());
            Assert.False(result.TryGetProperty("step", out _));
            Assert.Equal(count, result.GetProperty("samples").GetInt32());
            Assert.Equal("classifier", result.GetProperty("features").GetString());
            Assert.Equal("fashion-mnist:test", result.GetProperty("against").GetString());
            Assert.Equal(10_000, result.GetProperty("real_samples").GetInt64());
            AssertClose(expected.FrechetDistance, result.GetProperty("fd_classifier_300").GetDouble(), tolerance);
            var kid = result.GetProperty("kid_classifier_300");
            AssertClose(expected.Kid.Mean, kid.GetProperty("mean").GetDouble(), tolerance);
            AssertClose(expected.Kid.Std, kid.GetProperty("std").GetDouble(), tolerance);
            Assert.Equal(count, kid.GetProperty("subset_size").GetInt32());
            AssertClose(expected.PrecisionRecall.Precision, result.GetProperty("precision_classifier_300").GetDouble(), tolerance);
            AssertClose(expected.PrecisionRecall.Recall, result.GetProperty("recall_classifier_300").GetDouble(), tolerance);
            AssertClose(expected.DensityCoverage.Density, result.GetProperty("density_classifier_300").GetDouble(), tolerance);
            AssertClose(expected.DensityCoverage.Coverage, result.GetProperty("coverage_classifier_300").GetDouble(), tolerance);
            Assert.Equal(classCounts, result.GetProperty("class_counts").EnumerateArray().Select(c => c.GetInt64()).ToArray());
        }

        // The two files agree key by key (PNG quantisation of values already on the 1/127.5 grid is lossless).
        Assert.Equal(fromNpy.EnumerateObject().Select(p => p.Name), fromPng.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Image_input_errors_are_one_line_messages()
    {
        var parent = TemporaryDirectory();
        var classifier = EvalCommandTests.RandomClassifier(parent);
        string Folder(string name)
        {
            var path = Path.Combine(parent, name);
            Directory.CreateDirectory(path);
            return path;
        }
        void AssertError(string expected, params string[] args)
        {
            var (code, _, error) = Run(args);
            Assert.Equal(1, code);
            Assert.Equal(expected, error.Trim());
        }
        float[] Grey(int height, int width) => new float[height * width];

        var mixed = Folder("mixed");
        WritePng(Path.Combine(mixed, "a.png"), Grey(28, 28), 1, 28, 28);
        WritePng(Path.Combine(mixed, "b.png"), Grey(32, 30), 1, 32, 30);
        WritePng(Path.Combine(mixed, "c.png"), Grey(32, 30), 1, 32, 30);
        AssertError($"error: {Path.Combine(mixed, "b.png")}: 30 x 32 pixels (width x height), but a.png is 28 x 28; all images must have one size",
            "eval", mixed, "--against", "fashion-mnist", "--classifier", classifier);

        var empty = Folder("empty");
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not an image");
        AssertError($"error: {empty}: no images (*.png, *.jpg, *.jpeg, *.bmp, *.webp) in this folder",
            "eval", empty, "--against", "fashion-mnist", "--classifier", classifier);

        var broken = Folder("broken");
        WritePng(Path.Combine(broken, "a.png"), Grey(28, 28), 1, 28, 28);
        File.WriteAllText(Path.Combine(broken, "b.jpg"), "not a JPEG");
        AssertError($"error: {Path.Combine(broken, "b.jpg")}: not a readable image (unknown or damaged format)",
            "eval", broken, "--against", "fashion-mnist", "--classifier", classifier);

        var colour = Folder("colour");
        var rgb = Enumerable.Range(0, 3 * 32 * 32).Select(i => (i % 7) / 3.5f - 1).ToArray();
        for (int i = 0; i < 3; i++) WritePng(Path.Combine(colour, $"{i}.png"), rgb, 3, 32, 32);
        AssertError("error: --features classifier needs 1 x 28 x 28 grey images (the Fashion-MNIST classifier's input); these are 3 x 32 x 32; use --features inception",
            "eval", colour, "--against", "fashion-mnist", "--classifier", classifier);

        AssertError($"error: {colour}: images need --against: fashion-mnist or a .npz statistics file", "eval", colour, "--classifier", classifier);
        AssertError("error: --against gaussians25: images are compared with fashion-mnist or a .npz statistics file",
            "eval", colour, "--against", "gaussians25", "--classifier", classifier);
        AssertError($"error: --samples 5: {colour} holds 3 images", "eval", colour, "--samples", "5", "--against", "fashion-mnist", "--classifier", classifier);

        var points = Path.Combine(parent, "points.npy");
        NpyFile.WriteFloat32(points, new float[8], [4, 2]);
        AssertError($"error: {points}: float32 images must be [N, C, H, W] with C = 1 or 3; found [4, 2]",
            "eval", points, "--against", "fashion-mnist", "--classifier", classifier);
    }
}
