using CoulombGan.Data;
using CoulombGan.Models;
using CoulombGan.Objectives;
using CoulombGan.Potential;
using CoulombGan.Training;
using TorchSharp;

namespace CoulombGan.Tests.Training;

public sealed class SamplingTests
{
    [Fact]
    public void Sampling_normalises_like_training_on_a_large_batch()
    {
        torch.manual_seed(3);
        var config = Presets.FashionMnist with { BatchSize = 64 };
        var (generator, discriminator) = Architectures.Create("dcgan", [1, 28, 28], 16);
        using var data = new TensorDataset(torch.rand(32, 1, 28, 28) * 2 - 1);
        using var trainer = new Trainer(config, generator, discriminator, new CoulombObjective(new PlummerKernel(1, 1)), data);

        using var random = new torch.Generator(11);
        using var samples = trainer.Sample(8, random);

        // The same latent codes: calibration draws first, then the 8 samples.
        using var replay = new torch.Generator(11);
        for (int i = 0; i < Trainer.CalibrationBatches; i++) torch.randn(64, 16, generator: replay).Dispose();
        using var z = torch.randn(8, 16, generator: replay);
        // Batch statistics of a large batch that contains them (4096 codes) approximate the population.
        using var others = torch.randn(new long[] { 4088, 16 }, generator: new torch.Generator(12));
        using var noGrad = torch.no_grad();
        generator.train();
        using var reference = generator.call(torch.cat(new[] { z, others }, 0)).narrow(0, 0, 8);
        double calibrated = (samples - reference).abs().max().item<float>();
        Assert.True(calibrated < 0.05, $"calibrated samples differ from large-batch training mode by {calibrated}");

        // Without recalibration, eval mode with freshly initialised running statistics is far off.
        using var fresh = Architectures.Create("dcgan", [1, 28, 28], 16).g;
        fresh.load_state_dict(generator.state_dict());
        foreach (var norm in fresh.modules().OfType<TorchSharp.Modules.NormBase>()) norm.reset_running_stats();
        fresh.eval();
        using var uncalibrated = fresh.call(z);
        Assert.True((uncalibrated - reference).abs().max().item<float>() > 10 * calibrated);
    }
}
