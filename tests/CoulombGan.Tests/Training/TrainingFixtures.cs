using CoulombGan.Training;

namespace CoulombGan.Tests.Training;

internal static class TrainingFixtures
{
    /// <summary>A small, fast 25-Gaussian configuration.</summary>
    public static TrainingConfig Toy(long steps = 20) => Presets.Gaussians25 with
    {
        Steps = steps,
        BatchSize = 32,
        TrainingSetSize = 2_000,
        GeneratorHidden = 32,
        DiscriminatorHidden = 32,
        LogEvery = 5,
        CheckpointEvery = 10,
        PictureEvery = 1_000_000,
        EvaluationSamples = 500,
    };

    public static string TemporaryDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "coulombgan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public sealed class NoObserver : ITrainingObserver;
}
