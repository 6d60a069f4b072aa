using CoulombGan.Pictures;

namespace CoulombGan.Tests.Pictures;

public sealed class ScatterPictureTests : IDisposable
{
    private readonly PictureFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Writes_a_square_png_of_the_requested_size_showing_real_in_blue_and_generated_in_red()
    {
        string path = files.PathFor("scatter.png");
        var real = ToyData.TwentyFiveGaussians(1000, seed: 1);
        var generated = ToyData.TwentyFiveGaussians(1000, seed: 2, spread: 3, shift: 4);

        ScatterPicture.Write(path, real, generated, "25 Gaussians", (-26, 26), size: 500);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(500, bitmap.Width);
        Assert.Equal(500, bitmap.Height);
        Assert.True(PictureFiles.DistinctColours(bitmap) > 50, "picture looks blank");
        Assert.True(PictureFiles.CountPixels(bitmap, c => c.Blue > c.Red + 60 && c.Blue > c.Green + 30) > 500, "no blue real samples");
        Assert.True(PictureFiles.CountPixels(bitmap, c => c.Red > c.Blue + 60 && c.Red > c.Green + 60) > 500, "no red generated samples");
        PictureFiles.AssertNoTemporaryFiles(files.Directory);
    }

    [Fact]
    public void Fits_the_axes_to_the_data_when_no_range_is_given()
    {
        string path = files.PathFor("fitted.png");
        ScatterPicture.Write(path, ToyData.TwentyFiveGaussians(200, 3), new float[0, 2], "only real", size: 300);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(300, bitmap.Width);
        Assert.Equal(300, bitmap.Height);
        Assert.True(PictureFiles.DistinctColours(bitmap) > 20);
    }

    [Fact]
    public void Samples_that_are_not_two_dimensional_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ScatterPicture.Write(files.PathFor("bad.png"), new float[5, 2], new float[5, 3], "bad"));
        Assert.Equal("generated", error.ParamName);
        Assert.Contains("[n, 2]", error.Message);
    }

    [Fact]
    public void An_empty_axis_range_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ScatterPicture.Write(files.PathFor("bad.png"), new float[5, 2], new float[5, 2], "bad", (3, 3)));
        Assert.Equal("axisRange", error.ParamName);
    }
}
