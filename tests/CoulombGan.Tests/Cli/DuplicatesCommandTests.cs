using System.Text.Json;
using CoulombGan.Tests.Pictures;
using CoulombGan.Training;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Cli;

public sealed class DuplicatesCommandTests
{
    /// <summary>A tiny Fashion-MNIST run: 2 DCGAN steps of batch 8.</summary>
    private static RunDirectory TrainImages(string parent)
    {
        var (code, _, error) = Cli.Run("train", "--preset", "fashion-mnist", "--out", parent, "--steps", "2", "--batch-size", "8",
            "--monitor-every", "0", "--plateau-patience", "0", "--picture-every", "1000");
        Assert.True(code == 0, error);
        return new RunDirectory(Directory.GetDirectories(parent).Single());
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Duplicates_of_an_image_run_writes_consistent_json_and_the_pairs_picture()
    {
        var run = TrainImages(TemporaryDirectory());
        var (code, output, error) = Cli.Run("duplicates", run.Root, "--batch-size", "64", "--batches", "3", "--pairs", "5");
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Root, "duplicates.json"))).RootElement;
        Assert.Equal(64, json.GetProperty("batch_size").GetInt32());
        Assert.Equal(3, json.GetProperty("batches").GetInt32());
        Assert.True(json.GetProperty("threshold_calibrated").GetBoolean());

        var generated = Doubles(json.GetProperty("generated_closest"));
        var real = Doubles(json.GetProperty("real_closest"));
        Assert.Equal(3, generated.Length);
        Assert.Equal(3, real.Length);
        Assert.All(real, d => Assert.True(d > 0, "distinct Fashion-MNIST training images"));
        double threshold = json.GetProperty("threshold").GetDouble();
        Assert.Equal(0.5 * real.Order().ElementAt(1), threshold, 1e-12);
        int count = json.GetProperty("batches_with_duplicate").GetInt32();
        Assert.Equal(generated.Count(d => d < threshold), count);
        Assert.Equal(count / 3.0, json.GetProperty("duplicate_share").GetDouble(), 1e-12);

        // The support formula, worked out here from the share (or its 95% limit at 0 and 1 of 3 batches).
        double p = count switch { 0 => 1 - Math.Pow(0.05, 1 / 3.0), 3 => Math.Pow(0.05, 1 / 3.0), _ => count / 3.0 };
        Assert.Equal(count switch { 0 => "lower", 3 => "upper", _ => "estimate" }, json.GetProperty("support_bound").GetString());
        Assert.Equal(64.0 * 63 / (2 * -Math.Log(1 - p)), json.GetProperty("support_estimate").GetDouble(), 1e-9 * json.GetProperty("support_estimate").GetDouble());

        var pairs = json.GetProperty("closest_pairs").EnumerateArray().ToList();
        Assert.Equal(5, pairs.Count);
        var distances = pairs.Select(q => q.GetProperty("distance").GetDouble()).ToList();
        Assert.Equal(distances.Order(), distances);
        Assert.Equal(generated.Min(), distances[0], 1e-12);
        foreach (var pair in pairs)
        {
            int batch = pair.GetProperty("batch").GetInt32(), first = pair.GetProperty("first").GetInt32(), second = pair.GetProperty("second").GetInt32();
            Assert.InRange(batch, 0, 2);
            Assert.InRange(first, 0, second - 1);
            Assert.InRange(second, 1, 63);
            Assert.True(pair.GetProperty("distance").GetDouble() >= generated[batch] - 1e-12, "no pair is closer than its batch's closest");
            Assert.InRange(pair.GetProperty("first_nearest_index").GetInt64(), 0, 59_999);
            Assert.InRange(pair.GetProperty("second_nearest_index").GetInt64(), 0, 59_999);
        }

        // Rows of four 28x28 images, doubled, with 2 pixels of padding: 2 + 4 (56 + 2) wide, 2 + 5 (56 + 2) high.
        using var picture = PictureFiles.Decode(Path.Combine(run.Root, "duplicates.png"));
        Assert.Equal((234, 292), (picture.Width, picture.Height));
        Assert.Contains("batches with a duplicate", output);
        Assert.Contains($"{count}/3", output);

        // A given threshold of 0 finds no duplicate: a lower bound, from the same samples and real batches.
        var prefix = Path.Combine(run.Root, "given", "d");
        (code, _, error) = Cli.Run("duplicates", run.Root, "--batch-size", "64", "--batches", "3", "--pairs", "5", "--threshold", "0", "--out", prefix);
        Assert.True(code == 0, error);
        var given = JsonDocument.Parse(File.ReadAllText(prefix + ".json")).RootElement;
        Assert.False(given.GetProperty("threshold_calibrated").GetBoolean());
        Assert.Equal(0, given.GetProperty("batches_with_duplicate").GetInt32());
        Assert.Equal("lower", given.GetProperty("support_bound").GetString());
        Assert.Equal(generated, Doubles(given.GetProperty("generated_closest")));
        Assert.Equal(real, Doubles(given.GetProperty("real_closest")));
        Assert.True(File.Exists(prefix + ".png"));
    }

    [Theory]
    [InlineData("--batch-size", "1", "error: --batch-size 1: must be at least 2")]
    [InlineData("--batches", "0", "error: --batches 0: must be at least 1")]
    [InlineData("--pairs", "0", "error: --pairs 0: must be at least 1")]
    [InlineData("--threshold", "-0.5", "error: --threshold -0.5: must be a distance >= 0")]
    public void Duplicates_rejects_nonsense_options_in_one_line(string option, string value, string expected)
    {
        var (code, _, error) = Cli.Run("duplicates", Path.Combine(TemporaryDirectory(), "none.ckpt"), option, value);
        Assert.Equal(1, code);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void Duplicates_of_a_2d_run_is_a_one_line_error()
    {
        var parent = TemporaryDirectory();
        var (code, _, error) = Cli.Run("train", "--out", parent, "--steps", "10", "--batch-size", "32", "--training-set-size", "2000",
            "--generator-hidden", "32", "--discriminator-hidden", "32", "--picture-every", "1000", "--evaluation-samples", "400");
        Assert.True(code == 0, error);
        (code, _, error) = Cli.Run("duplicates", Directory.GetDirectories(parent).Single());
        Assert.Equal(1, code);
        Assert.Equal("error: duplicates needs an image run; this checkpoint is for gaussians25 (2-D points)", error.Trim());
    }
}
