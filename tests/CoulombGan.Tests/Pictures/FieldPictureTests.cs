using CoulombGan.Potential;
using CoulombGan.Pictures;
using SkiaSharp;

namespace CoulombGan.Tests.Pictures;

public sealed class FieldPictureTests : IDisposable
{
    private const int Size = 400;
    private readonly PictureFiles files = new();

    public void Dispose() => files.Dispose();

    private static readonly float[,] NoSamples = new float[0, 2];

    /// <summary>A 21×21 grid on [-10, 10]² with the given potential and field at every point.</summary>
    private static FieldMap Map(Func<double, double, double> potential, double fieldX = 0, double fieldY = 0)
    {
        double[] axis = [.. Enumerable.Range(0, 21).Select(i => -10.0 + i)];
        var phi = new double[21, 21];
        var ex = new double[21, 21];
        var ey = new double[21, 21];
        for (int j = 0; j < 21; j++)
        {
            for (int i = 0; i < 21; i++)
            {
                phi[j, i] = potential(axis[i], axis[j]);
                ex[j, i] = fieldX;
                ey[j, i] = fieldY;
            }
        }

        return new FieldMap(axis, (double[])axis.Clone(), phi, ex, ey);
    }

    // Points well inside the (square, centred-left) data area: upper and lower middle.
    private static SKColor Upper(SKBitmap bitmap) => bitmap.GetPixel(Size * 45 / 100, Size * 30 / 100);
    private static SKColor Lower(SKBitmap bitmap) => bitmap.GetPixel(Size * 45 / 100, Size * 58 / 100);

    [Fact]
    public void Writes_a_figure_one_picture_of_the_requested_size_that_is_not_blank()
    {
        string path = files.PathFor("field.png");
        var real = ToyData.TwentyFiveGaussians(300, seed: 1);
        var generated = ToyData.TwentyFiveGaussians(300, seed: 2, spread: 3, shift: 4);
        var map = ToyData.Plummer(real, generated, range: 26, points: 81, epsilon: 1).ToMap();

        FieldPicture.Write(path, map, real, generated, "Coulomb field", size: 600);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(600, bitmap.Width);
        Assert.Equal(600, bitmap.Height);
        Assert.True(PictureFiles.DistinctColours(bitmap) > 200, "picture looks blank");
        PictureFiles.AssertNoTemporaryFiles(files.Directory);
    }

    [Fact]
    public void Background_colour_differs_between_positive_and_negative_potential_and_keeps_y_upwards()
    {
        string upPath = files.PathFor("up.png");
        string downPath = files.PathFor("down.png");
        // Strongly positive above the x axis in one map, below it in the other.
        FieldPicture.Write(upPath, Map((_, y) => y > 0 ? 5 : -5), NoSamples, NoSamples, "", Size);
        FieldPicture.Write(downPath, Map((_, y) => y > 0 ? -5 : 5), NoSamples, NoSamples, "", Size);

        using var up = PictureFiles.Decode(upPath);
        using var down = PictureFiles.Decode(downPath);
        SKColor positive = Upper(up), negative = Lower(up);
        int difference = Math.Abs(positive.Red - negative.Red) + Math.Abs(positive.Green - negative.Green)
            + Math.Abs(positive.Blue - negative.Blue);
        Assert.True(difference > 150, $"positive {positive} and negative {negative} backgrounds look alike");
        // Larger y is drawn higher: flipping the sign of the map swaps the two colours.
        Assert.Equal(positive, Lower(down));
        Assert.Equal(negative, Upper(down));
        // The documented diverging map: positive (real dominates) is green.
        Assert.True(positive.Green > positive.Red && positive.Green > positive.Blue, $"positive is {positive}");
    }

    [Fact]
    public void Arrows_are_drawn_where_the_field_is_not_zero()
    {
        string stillPath = files.PathFor("still.png");
        string windyPath = files.PathFor("windy.png");
        FieldPicture.Write(stillPath, Map((x, _) => x), NoSamples, NoSamples, "", Size);
        FieldPicture.Write(windyPath, Map((x, _) => x, fieldX: -1), NoSamples, NoSamples, "", Size);

        using var still = PictureFiles.Decode(stillPath);
        using var windy = PictureFiles.Decode(windyPath);
        static bool Dark(SKColor c) => c.Red < 90 && c.Green < 90 && c.Blue < 90;
        int stillDark = PictureFiles.CountPixels(still, Dark);
        int windyDark = PictureFiles.CountPixels(windy, Dark);
        Assert.True(windyDark > stillDark + 1000, $"dark pixels: {stillDark} without field, {windyDark} with field");
    }

    [Fact]
    public void Samples_appear_over_the_background()
    {
        string path = files.PathFor("samples.png");
        var real = ToyData.TwentyFiveGaussians(200, seed: 5, spread: 0.5);
        var generated = ToyData.TwentyFiveGaussians(200, seed: 6, spread: 0.5, shift: 5);
        FieldPicture.Write(path, Map((_, _) => 0), real, generated, "", Size);

        using var bitmap = PictureFiles.Decode(path);
        Assert.True(PictureFiles.CountPixels(bitmap, c => c.Blue > c.Red + 80 && c.Blue > c.Green + 40) > 200, "no blue real samples");
        Assert.True(PictureFiles.CountPixels(bitmap, c => c.Red > c.Blue + 80 && c.Red > c.Green + 80) > 200, "no red generated samples");
    }

    [Fact]
    public void Field_map_rejects_a_potential_whose_shape_is_not_ys_by_xs()
    {
        double[] xs = [0, 1, 2], ys = [0, 1];
        var error = Assert.Throws<ArgumentException>(() =>
            new FieldMap(xs, ys, new double[3, 2], new double[2, 3], new double[2, 3]));
        Assert.Equal("potential", error.ParamName);
        Assert.Contains("[2, 3]", error.Message);
    }

    [Fact]
    public void Field_map_rejects_field_components_whose_shape_is_not_ys_by_xs()
    {
        double[] xs = [0, 1, 2], ys = [0, 1];
        Assert.Equal("fieldY", Assert.Throws<ArgumentException>(() =>
            new FieldMap(xs, ys, new double[2, 3], new double[2, 3], new double[2, 2])).ParamName);
    }

    [Fact]
    public void Field_map_rejects_unevenly_spaced_or_decreasing_axes()
    {
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() =>
            new FieldMap([0, 1, 3], [0, 1], new double[2, 3], new double[2, 3], new double[2, 3])).ParamName);
        Assert.Equal("ys", Assert.Throws<ArgumentException>(() =>
            new FieldMap([0, 1, 2], [1, 0], new double[2, 3], new double[2, 3], new double[2, 3])).ParamName);
    }

    [Fact]
    public void Samples_that_are_not_two_dimensional_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            FieldPicture.Write(files.PathFor("bad.png"), Map((x, _) => x), new float[4, 1], NoSamples, ""));
        Assert.Equal("real", error.ParamName);
    }
}
