using CoulombGan.Pictures;

namespace CoulombGan.Tests.Pictures;

public sealed class CurvePictureTests : IDisposable
{
    private readonly PictureFiles files = new();

    public void Dispose() => files.Dispose();

    private static (string, double[], double[]) Series(string name, Func<double, double> f, int n = 200)
    {
        double[] x = [.. Enumerable.Range(0, n).Select(i => 10.0 * i)];
        return (name, x, [.. x.Select(f)]);
    }

    [Fact]
    public void Writes_a_png_of_the_requested_size_with_the_lines()
    {
        string path = files.PathFor("curves.png");
        CurvePicture.Write(path, "losses", "step",
            [Series("discriminator", s => Math.Exp(-s / 500)), Series("generator", s => 0.5 + 0.3 * Math.Sin(s / 100))],
            width: 600, height: 400);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(600, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        Assert.True(PictureFiles.DistinctColours(bitmap) > 20, "picture looks blank");
        PictureFiles.AssertNoTemporaryFiles(files.Directory);
    }

    [Fact]
    public void Log_scale_leaves_out_values_that_are_not_positive()
    {
        string path = files.PathFor("log.png");
        CurvePicture.Write(path, "distance", "step",
            [Series("energy", s => Math.Exp(-s / 300) - 0.01), Series("empty", _ => -1)], logY: true);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(900, bitmap.Width);
        Assert.Equal(500, bitmap.Height);
        Assert.True(PictureFiles.DistinctColours(bitmap) > 20);
    }

    [Fact]
    public void Series_with_different_x_and_y_lengths_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CurvePicture.Write(files.PathFor("bad.png"), "bad", "step", [("fid", new double[3], new double[4])]));
        Assert.Equal("series", error.ParamName);
        Assert.Contains("'fid'", error.Message);
    }
}
