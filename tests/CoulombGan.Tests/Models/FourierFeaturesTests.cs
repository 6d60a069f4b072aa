using CoulombGan.Models;
using TorchSharp;

namespace CoulombGan.Tests.Models;

public sealed class FourierFeaturesTests
{
    [Fact]
    public void Features_are_the_input_then_sines_and_cosines_of_the_random_projections()
    {
        torch.manual_seed(5);
        using var features = new FourierFeatures(2, 3, 0.5);
        var buffers = features.named_buffers().ToList();
        Assert.Single(buffers);
        var b = buffers[0].buffer.data<float>().ToArray(); // [2, 3]
        using var x = torch.tensor(new float[] { 0.3f, -1.2f, 4f, 2.5f }, new long[] { 2, 2 });
        var y = features.forward(x).data<float>().ToArray();
        Assert.Equal(2 * 8, y.Length);
        var xv = x.data<float>().ToArray();
        for (int n = 0; n < 2; n++)
        {
            Assert.Equal(xv[2 * n], y[8 * n]);
            Assert.Equal(xv[2 * n + 1], y[8 * n + 1]);
            for (int j = 0; j < 3; j++)
            {
                double angle = 2 * Math.PI * (xv[2 * n] * b[j] + xv[2 * n + 1] * b[3 + j]);
                Assert.Equal(Math.Sin(angle), y[8 * n + 2 + j], 4);
                Assert.Equal(Math.Cos(angle), y[8 * n + 5 + j], 4);
            }
        }
    }

    [Fact]
    public void Frequencies_are_saved_with_the_discriminator()
    {
        torch.manual_seed(1);
        using var a = new MlpDiscriminator(2, 16, 2, fourierFeatures: 8, fourierScale: 0.2);
        torch.manual_seed(2);
        using var b = new MlpDiscriminator(2, 16, 2, fourierFeatures: 8, fourierScale: 0.2);
        using var x = torch.randn(5, 2);
        Assert.NotEqual(a.call(x).data<float>().ToArray(), b.call(x).data<float>().ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"fourier-{Guid.NewGuid():N}.bin");
        a.save(path);
        b.load(path);
        File.Delete(path);
        Assert.Equal(a.call(x).data<float>().ToArray(), b.call(x).data<float>().ToArray());
    }

    [Fact]
    public void A_maximum_scale_spaces_the_column_scales_geometrically()
    {
        torch.manual_seed(3);
        using var features = new FourierFeatures(2, 5, 0.1, 1.6);
        var b = features.named_buffers().Single().buffer.data<float>().ToArray(); // [2, 5]
        torch.manual_seed(3);
        var standard = torch.randn(2, 5).data<float>().ToArray();
        double[] expected = [0.1, 0.2, 0.4, 0.8, 1.6];
        for (int i = 0; i < 2; i++)
        for (int j = 0; j < 5; j++)
            Assert.Equal(standard[5 * i + j] * expected[j], b[5 * i + j], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FourierFeatures(2, 5, 0.2, 0.1));
    }
}
