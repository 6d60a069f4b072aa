using CoulombGan.Training;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Training;

public sealed class CheckpointTests
{
    private static string TrainedCheckpoint()
    {
        var run = new RunDirectory(TemporaryDirectory());
        using var session = TrainingSession.Create(Toy(3), run);
        session.Train(new NoObserver());
        return run.CheckpointPath;
    }

    [Fact]
    public void Missing_checkpoint_is_named()
    {
        var path = Path.Combine(TemporaryDirectory(), "nothing.ckpt");
        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Open(path));
        Assert.Equal($"checkpoint {path} does not exist", error.Message);
    }

    [Fact]
    public void Foreign_file_is_not_taken_for_a_checkpoint()
    {
        var path = Path.Combine(TemporaryDirectory(), "random.ckpt");
        File.WriteAllBytes(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Open(path));
        Assert.StartsWith($"checkpoint {path} is unreadable", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Truncated_checkpoint_gives_a_one_line_error(double keep)
    {
        var path = TrainedCheckpoint();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Open(path));
        Assert.StartsWith($"checkpoint {path} is unreadable", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void Bytes_changed_in_the_middle_are_detected_by_the_checksum()
    {
        var path = TrainedCheckpoint();
        var bytes = File.ReadAllBytes(path);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 400; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Open(path));
        Assert.Equal($"checkpoint {path} is unreadable: checksum mismatch: the file is damaged or incomplete", error.Message);
    }

    [Fact]
    public void Random_bytes_are_not_a_checkpoint()
    {
        var path = Path.Combine(TemporaryDirectory(), "noise.ckpt");
        File.WriteAllBytes(path, Enumerable.Range(0, 50_000).Select(i => (byte)((i * 2654435761L >> 7) & 0xFF)).ToArray());
        var error = Assert.Throws<CheckpointException>(() => TrainingSession.Open(path));
        Assert.Equal($"checkpoint {path} is unreadable: not a CoulombGAN checkpoint", error.Message);
    }

    [Fact]
    public void Checkpoint_round_trips_the_networks()
    {
        var path = TrainedCheckpoint();
        using var a = TrainingSession.Open(path);
        using var b = TrainingSession.Open(path);
        using var z = TorchSharp.torch.randn(7, a.Trainer.Generator.LatentSize);
        a.Trainer.Generator.eval();
        b.Trainer.Generator.eval();
        Assert.Equal(a.Trainer.Generator.call(z).data<float>().ToArray(), b.Trainer.Generator.call(z).data<float>().ToArray());
        Assert.Equal(3, a.Trainer.StepCount);
    }
}
