using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CoulombGan.Cli;
using CoulombGan.Training;
using SkiaSharp;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Cli;

public sealed class CliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args) => Cli.Run(args);

    private static readonly string[] SmallToy =
    [
        "--steps", "30", "--batch-size", "32", "--training-set-size", "2000", "--generator-hidden", "32",
        "--discriminator-hidden", "32", "--log-every", "10", "--checkpoint-every", "10", "--picture-every", "20", "--evaluation-samples", "400",
    ];

    [Fact]
    public void Train_help_lists_every_configuration_key()
    {
        var (code, output, _) = Run("train", "--help");
        Assert.Equal(0, code);
        foreach (var property in typeof(TrainingConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.Name != "Preset"))
            Assert.Contains("--" + JsonNamingPolicy.KebabCaseLower.ConvertName(property.Name), output);
        foreach (var option in new[] { "--preset", "--config", "--out", "--resume" }) Assert.Contains(option, output);
    }

    [Theory]
    [InlineData("--epsilon", "abc", "error: --epsilon abc: expected a number")]
    [InlineData("--epsilon", "-1", "error: epsilon = -1: must be a positive number")]
    [InlineData("--steps", "1.5", "error: --steps 1.5: expected a whole number")]
    [InlineData("--dataset", "mnist", "error: dataset = mnist: must be one of gaussians25, ring8, fashion-mnist")]
    [InlineData("--batch-size", "0", "error: batch-size = 0: must be at least 2")]
    public void Nonsense_options_get_a_one_line_error_and_leave_no_run_behind(string option, string value, string expected)
    {
        var parent = TemporaryDirectory();
        var (code, _, error) = Run("train", "--out", parent, option, value);
        Assert.Equal(1, code);
        Assert.Equal(expected, error.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    [Fact]
    public void Unknown_options_and_presets_are_rejected()
    {
        Assert.NotEqual(0, Run("train", "--no-such-option", "1").Code);
        var (code, _, error) = Run("train", "--preset", "mnist");
        Assert.NotEqual(0, code);
        Assert.Contains("mnist", error);
    }

    [Fact]
    public void Missing_data_directory_is_named()
    {
        var parent = TemporaryDirectory();
        var missing = Path.Combine(parent, "no-such-dir");
        var (code, _, error) = Run("train", "--preset", "fashion-mnist", "--data-directory", missing, "--out", parent);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(missing, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Config_file_values_apply_and_bad_files_are_named()
    {
        var parent = TemporaryDirectory();
        var file = Path.Combine(parent, "bad.json");
        File.WriteAllText(file, "{ \"epsilon\": 2, \"stepz\": 3 }");
        var (code, _, error) = Run("train", "--config", file, "--out", parent);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: {file}:", error);
        Assert.Contains("stepz", error);

        File.WriteAllText(file, "{ not json");
        Assert.Equal(1, Run("train", "--config", file, "--out", parent).Code);

        var good = Path.Combine(parent, "good.json");
        File.WriteAllText(good, "{ \"epsilon\": 2.5, \"steps\": 4, \"batch-size\": 16, \"training-set-size\": 500, \"evaluation-samples\": 100 }");
        var (okCode, output, okError) = Run("train", "--config", good, "--steps", "6", "--out", parent);
        Assert.True(okCode == 0, okError);
        var run = Directory.GetDirectories(parent).Single();
        var config = TrainingConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json");
        Assert.Equal(2.5, config.Epsilon);
        Assert.Equal(6, config.Steps);
        Assert.Equal(16, config.BatchSize);
        Assert.Contains(run, output);
    }

    [Fact]
    public void Train_then_sample_then_field_from_the_command_line()
    {
        var parent = TemporaryDirectory();
        var (code, output, error) = Run(["train", "--out", parent, .. SmallToy]);
        Assert.True(code == 0, error);
        var run = new RunDirectory(Directory.GetDirectories(parent).Single());
        Assert.Contains("Evaluation on 400 samples: modes captured", output);
        foreach (var picture in new[] { "samples-step0000020.png", "field-step0000020.png", "discriminator-step0000020.png", "samples-final.png", "field-final.png", "discriminator-final.png", "losses.png", "potentials.png" })
            Assert.True(File.Exists(Path.Combine(run.PicturesDirectory, picture)), picture);
        var evaluation = JsonDocument.Parse(File.ReadAllText(run.EvaluationPath)).RootElement;
        Assert.Equal(25, evaluation.GetProperty("modes").GetInt32());
        Assert.Equal(3, File.ReadAllLines(run.MetricsPath).Length);

        var prefix = Path.Combine(parent, "out", "points");
        (code, _, error) = Run("sample", run.Root, "--count", "250", "--out", prefix, "--seed", "5");
        Assert.True(code == 0, error);
        var rows = File.ReadAllLines(prefix + ".csv");
        Assert.Equal("x,y", rows[0]);
        Assert.Equal(251, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.All(r.Split(','), v => Assert.True(double.IsFinite(double.Parse(v, CultureInfo.InvariantCulture)))));
        using (var bitmap = SKBitmap.Decode(prefix + ".png")) Assert.True(bitmap.Width > 100);

        // The same seed draws the same samples.
        Run("sample", run.CheckpointPath, "--count", "250", "--out", prefix + "-again", "--seed", "5");
        Assert.Equal(rows, File.ReadAllLines(prefix + "-again.csv"));

        var fieldPath = Path.Combine(parent, "field.png");
        (code, _, error) = Run("field", run.Root, "--out", fieldPath, "--source", "discriminator", "--resolution", "30");
        Assert.True(code == 0, error);
        using (var bitmap = SKBitmap.Decode(fieldPath)) Assert.Equal(800, bitmap.Width);
    }

    [Fact]
    public void Resume_may_change_the_length_and_the_monitor_but_not_the_training()
    {
        var parent = TemporaryDirectory();
        Assert.Equal(0, Run(["train", "--out", parent, .. SmallToy]).Code);
        var run = Directory.GetDirectories(parent).Single();
        var (code, _, error) = Run("train", "--resume", run, "--epsilon", "2", "--steps", "40");
        Assert.Equal(1, code);
        Assert.StartsWith("error: a resumed run keeps its configuration; epsilon cannot change", error);
        (code, var output, error) = Run("train", "--resume", run, "--steps", "40", "--monitor", "off-mode-share", "--monitor-every", "5", "--monitor-samples", "200");
        Assert.True(code == 0, error);
        Assert.Contains("Resuming", output);
        using var session = TrainingSession.Open(new RunDirectory(run).CheckpointPath);
        Assert.Equal(40, session.Trainer.StepCount);
        Assert.Equal("off-mode-share", session.Config.Monitor);
        var measured = File.ReadLines(new RunDirectory(run).MetricsPath).Where(l => l.Contains("\"off_mode_share_200\"")).Count();
        Assert.Equal(2, measured); // steps 35 and 40 (the first run stopped at 30)
    }

    [Fact]
    public void Resume_refuses_fewer_steps_than_done_another_output_and_a_monitor_without_an_interval()
    {
        var parent = TemporaryDirectory();
        Assert.Equal(0, Run(["train", "--out", parent, .. SmallToy]).Code);
        var run = Directory.GetDirectories(parent).Single();
        var checkpoint = File.ReadAllBytes(new RunDirectory(run).CheckpointPath);
        var (code, _, error) = Run("train", "--resume", run, "--steps", "20");
        Assert.Equal(1, code);
        Assert.StartsWith("error: steps = 20: the run is already at step 30", error);
        (code, _, error) = Run("train", "--resume", run, "--out", parent);
        Assert.Equal(1, code);
        Assert.Contains("--out", error);
        Assert.Equal(checkpoint, File.ReadAllBytes(new RunDirectory(run).CheckpointPath));
        var (code2, _, error2) = Run(["train", "--out", TemporaryDirectory(), "--monitor", "fd-classifier", .. SmallToy]);
        Assert.Equal(1, code2);
        Assert.StartsWith("error: monitor = fd-classifier: needs monitor-every > 0", error2);
    }

    [Fact]
    public void A_config_file_naming_another_preset_is_refused()
    {
        var parent = TemporaryDirectory();
        var file = Path.Combine(parent, "ring.json");
        File.WriteAllText(file, "{\"preset\": \"ring8\", \"steps\": 10}");
        var (code, _, error) = Run("train", "--config", file, "--out", Path.Combine(parent, "runs"));
        Assert.Equal(1, code);
        Assert.Contains("pass --preset ring8", error);
        Assert.False(Directory.Exists(Path.Combine(parent, "runs")) && Directory.EnumerateFileSystemEntries(Path.Combine(parent, "runs")).Any());
    }

    [Fact]
    public void A_new_monitor_on_resume_restarts_the_plateau_comparison_and_keeps_the_multiplier()
    {
        var config = Toy(12) with { MonitorEvery = 3, MonitorSamples = 50, PlateauPatience = 1, PlateauFactor = 0.5 };
        var run = new RunDirectory(TemporaryDirectory());
        double multiplier;
        using (var session = TrainingSession.Create(config, run))
        {
            session.Train(new NoObserver());
            multiplier = session.Trainer.Plateau!.Multiplier;
            Assert.True(double.IsFinite(session.Trainer.Plateau.Best));
        }
        using (var same = TrainingSession.Resume(run, c => c with { Steps = 20 }))
            Assert.True(double.IsFinite(same.Trainer.Plateau!.Best));
        using var changed = TrainingSession.Resume(run, c => c with { Steps = 20, Monitor = "off-mode-share" });
        Assert.Equal(double.PositiveInfinity, changed.Trainer.Plateau!.Best);
        Assert.Equal(multiplier, changed.Trainer.Plateau.Multiplier);
        Assert.Equal(99, config.ResumedWith(config with { Steps = 99, LogEvery = 7 }).Steps);
    }

    [Fact]
    public void Sample_from_a_corrupt_checkpoint_is_a_one_line_error()
    {
        var path = Path.Combine(TemporaryDirectory(), "broken.ckpt");
        File.WriteAllText(path, "not a checkpoint at all");
        var (code, _, error) = Run("sample", path);
        Assert.Equal(1, code);
        Assert.StartsWith($"error: checkpoint {path} is unreadable", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Particles_command_writes_its_pictures_points_and_evaluation()
    {
        var directory = Path.Combine(TemporaryDirectory(), "particles");
        var (code, output, error) = Run("particles", "--particles", "300", "--batch-size", "50", "--steps", "40", "--out", directory);
        Assert.True(code == 0, error);
        Assert.Contains("Evaluation on 300 samples", output);
        foreach (var file in new[] { "particles.png", "field.png", "particles.csv", "evaluation.json" })
            Assert.True(File.Exists(Path.Combine(directory, file)), file);
        Assert.Equal(301, File.ReadAllLines(Path.Combine(directory, "particles.csv")).Length);
        var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "evaluation.json"))).RootElement;
        Assert.Equal(25, evaluation.GetProperty("modes").GetInt32());
        Assert.Equal(40, evaluation.GetProperty("step").GetInt64());
        var (badCode, _, badError) = Run("particles", "--particles", "10", "--batch-size", "50");
        Assert.Equal(1, badCode);
        Assert.StartsWith("error: need 2 <= batch size (50) <= particles (10)", badError);
    }
}
