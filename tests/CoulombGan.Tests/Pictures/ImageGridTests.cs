using CoulombGan.Pictures;
using SkiaSharp;

namespace CoulombGan.Tests.Pictures;

public sealed class ImageGridTests : IDisposable
{
    private readonly PictureFiles files = new();

    public void Dispose() => files.Dispose();

    /// <summary>Images n = 0..count-1, every pixel of channel c set to values[n][c].</summary>
    private static float[] Constant(float[][] values, int channels, int height, int width)
    {
        var pixels = new float[values.Length * channels * height * width];
        int plane = height * width;
        for (int n = 0; n < values.Length; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                Array.Fill(pixels, values[n][c], (n * channels + c) * plane, plane);
            }
        }

        return pixels;
    }

    /// <summary>The pixel at the centre of grid cell (row, column), by the layout rule padding + k·(cell + padding).</summary>
    private static SKColor CellCentre(SKBitmap bitmap, int row, int column, int height, int width, int scale, int padding)
    {
        int x = padding + column * (width * scale + padding) + width * scale / 2;
        int y = padding + row * (height * scale + padding) + height * scale / 2;
        return bitmap.GetPixel(x, y);
    }

    [Fact]
    public void Grey_cells_hold_the_value_mapped_from_minus_one_one_to_bytes()
    {
        // round((v + 1) * 127.5): -1 -> 0, -0.6 -> 51, 0.2 -> 153, 0.5 -> 191.25 -> 191, 1 -> 255.
        float[] values = [-1f, -0.6f, 0.2f, 0.5f, 1f];
        byte[] expected = [0, 51, 153, 191, 255];
        string path = files.PathFor("grey.png");

        ImageGrid.Write(path, Constant([.. values.Select(v => new[] { v })], 1, 3, 4), 5, 1, 3, 4, columns: 3, scale: 2, padding: 2);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(2 + 3 * (4 * 2 + 2), bitmap.Width);
        Assert.Equal(2 + 2 * (3 * 2 + 2), bitmap.Height);
        for (int n = 0; n < values.Length; n++)
        {
            var pixel = CellCentre(bitmap, n / 3, n % 3, 3, 4, 2, 2);
            Assert.Equal(new SKColor(expected[n], expected[n], expected[n]), pixel);
        }
    }

    [Fact]
    public void Rgb_cells_take_red_green_and_blue_from_the_three_channel_planes()
    {
        float[][] values = [[1f, -1f, -0.6f], [0.2f, 0.5f, -1f]];
        string path = files.PathFor("rgb.png");

        ImageGrid.Write(path, Constant(values, 3, 5, 5), 2, 3, 5, 5, columns: 2, scale: 1, padding: 1);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(new SKColor(255, 0, 51), CellCentre(bitmap, 0, 0, 5, 5, 1, 1));
        Assert.Equal(new SKColor(153, 191, 0), CellCentre(bitmap, 0, 1, 5, 5, 1, 1));
    }

    [Fact]
    public void Padding_and_unused_cells_are_white()
    {
        string path = files.PathFor("padding.png");
        // Five black images in three columns: the sixth cell stays empty.
        ImageGrid.Write(path, Constant([.. Enumerable.Repeat(new[] { -1f }, 5)], 1, 3, 3), 5, 1, 3, 3, columns: 3, scale: 2, padding: 3);

        using var bitmap = PictureFiles.Decode(path);
        var white = new SKColor(255, 255, 255);
        Assert.Equal(white, bitmap.GetPixel(0, 0));
        Assert.Equal(white, bitmap.GetPixel(bitmap.Width - 1, bitmap.Height - 1));
        Assert.Equal(white, bitmap.GetPixel(3 + 6 + 1, 3 + 2)); // between cells (0,0) and (0,1)
        Assert.Equal(white, bitmap.GetPixel(3 + 2, 3 + 6 + 1)); // between rows
        Assert.Equal(white, CellCentre(bitmap, 1, 2, 3, 3, 2, 3)); // the unused sixth cell
        Assert.Equal(new SKColor(0, 0, 0), CellCentre(bitmap, 1, 1, 3, 3, 2, 3));
    }

    [Fact]
    public void Values_outside_minus_one_one_are_clamped()
    {
        string path = files.PathFor("clamp.png");
        ImageGrid.Write(path, Constant([[3f], [-7f]], 1, 2, 2), 2, 1, 2, 2, columns: 2);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(new SKColor(255, 255, 255), CellCentre(bitmap, 0, 0, 2, 2, 2, 2));
        Assert.Equal(new SKColor(0, 0, 0), CellCentre(bitmap, 0, 1, 2, 2, 2, 2));
    }

    [Fact]
    public void Upscaling_repeats_each_source_pixel_in_a_scale_by_scale_block()
    {
        // One 2x2 grey image with four different values, scale 3, no padding.
        float[] pixels = [-1f, -0.6f, 0.2f, 1f];
        byte[] expected = [0, 51, 153, 255];
        string path = files.PathFor("scale.png");

        ImageGrid.Write(path, pixels, 1, 1, 2, 2, columns: 4, scale: 3, padding: 0);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(6, bitmap.Width);
        Assert.Equal(6, bitmap.Height);
        for (int y = 0; y < 6; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                byte v = expected[(y / 3) * 2 + x / 3];
                Assert.Equal(new SKColor(v, v, v), bitmap.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void Pixel_count_that_does_not_match_the_shape_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ImageGrid.Write(files.PathFor("bad.png"), new float[10], 2, 1, 2, 2, columns: 2));
        Assert.Equal("pixels", error.ParamName);
        Assert.Contains("count*channels*height*width", error.Message);
        Assert.False(File.Exists(files.PathFor("bad.png")));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Channel_counts_other_than_one_or_three_are_rejected(int channels)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ImageGrid.Write(files.PathFor("bad.png"), new float[channels * 4], 1, channels, 2, 2, columns: 1));
        Assert.Equal("channels", error.ParamName);
    }

    [Fact]
    public void Non_positive_columns_and_scale_are_rejected()
    {
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() =>
            ImageGrid.Write(files.PathFor("bad.png"), new float[4], 1, 1, 2, 2, columns: 0)).ParamName);
        Assert.Equal("scale", Assert.Throws<ArgumentException>(() =>
            ImageGrid.Write(files.PathFor("bad.png"), new float[4], 1, 1, 2, 2, columns: 1, scale: 0)).ParamName);
    }

    [Fact]
    public void Writing_creates_parent_directories_replaces_the_old_file_and_leaves_no_tmp_file()
    {
        string path = files.PathFor("replace.png");
        ImageGrid.Write(path, [1f], 1, 1, 1, 1, columns: 1, scale: 1, padding: 0);
        ImageGrid.Write(path, [-1f], 1, 1, 1, 1, columns: 1, scale: 1, padding: 0);

        using var bitmap = PictureFiles.Decode(path);
        Assert.Equal(new SKColor(0, 0, 0), bitmap.GetPixel(0, 0));
        PictureFiles.AssertNoTemporaryFiles(files.Directory);
    }
}
