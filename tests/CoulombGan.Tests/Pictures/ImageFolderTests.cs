using CoulombGan.Data;
using CoulombGan.Pictures;
using SkiaSharp;

namespace CoulombGan.Tests.Pictures;

public sealed class ImageFolderTests : IDisposable
{
    private readonly PictureFiles files = new();

    public ImageFolderTests() => Directory.CreateDirectory(files.Directory);

    public void Dispose() => files.Dispose();

    private string FilePath(string name) => Path.Combine(files.Directory, name);

    private static void WriteOne(string path, float[] values, int channels, int height, int width) =>
        ImageGrid.Write(path, values, 1, channels, height, width, columns: 1, scale: 1, padding: 0);

    /// <summary>The byte a value read from a file came from: (v + 1) * 127.5, which must be an integer to float precision.</summary>
    private static int ByteOf(float value)
    {
        double b = (value + 1.0) * 127.5;
        Assert.True(Math.Abs(b - Math.Round(b)) < 1e-4, $"{value} is not on the 1/127.5 grid");
        return (int)Math.Round(b);
    }

    [Fact]
    public void Grey_pngs_read_back_as_their_bytes_over_127_5_minus_1()
    {
        // Bytes b(n, p) = (37 n + 11 p + 5) mod 256, written as the values b / 127.5 - 1.
        int Pattern(int n, int p) => (37 * n + 11 * p + 5) % 256;
        for (int n = 0; n < 2; n++)
            WriteOne(FilePath($"{n}.png"), Enumerable.Range(0, 12).Select(p => (float)(Pattern(n, p) / 127.5 - 1)).ToArray(), 1, 3, 4);
        // A third image encoded as an 8-bit grey PNG (not RGBA as ImageGrid writes): grey as well.
        using (var bitmap = new SKBitmap(new SKImageInfo(4, 3, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            for (int p = 0; p < 12; p++) bitmap.SetPixel(p % 4, p / 4, new SKColor((byte)Pattern(2, p), (byte)Pattern(2, p), (byte)Pattern(2, p)));
            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(FilePath("2.png"), png.ToArray());
        }

        var read = ImageFolder.Read(files.Directory);

        Assert.Equal([3L, 1L, 3L, 4L], read.Shape);
        for (int n = 0; n < 3; n++)
        for (int p = 0; p < 12; p++)
        {
            float value = read.Values[n * 12 + p];
            Assert.Equal(Pattern(n, p), ByteOf(value));
            Assert.Equal(Pattern(n, p) / 127.5 - 1, value, 1e-7);
        }
    }

    [Fact]
    public void One_colour_image_makes_the_folder_rgb_and_grey_images_repeat_their_plane()
    {
        // a.png grey 0, 64, 128, 255; b.png pixels with R, G, B from three different planes.
        float[] grey = [.. new[] { 0, 64, 128, 255 }.Select(b => (float)(b / 127.5 - 1))];
        byte[] planes = [10, 20, 30, 40, /* G */ 50, 60, 70, 80, /* B */ 90, 100, 110, 120];
        WriteOne(FilePath("a.png"), grey, 1, 2, 2);
        WriteOne(FilePath("b.png"), [.. planes.Select(b => (float)(b / 127.5 - 1))], 3, 2, 2);

        var read = ImageFolder.Read(files.Directory);

        Assert.Equal([2L, 3L, 2L, 2L], read.Shape);
        for (int c = 0; c < 3; c++)
        for (int p = 0; p < 4; p++)
        {
            Assert.Equal(new[] { 0, 64, 128, 255 }[p], ByteOf(read.Values[c * 4 + p]));
            Assert.Equal(planes[c * 4 + p], ByteOf(read.Values[12 + c * 4 + p]));
        }
    }

    [Fact]
    public void A_24_bit_bmp_is_read_as_rgb()
    {
        // BITMAPFILEHEADER + BITMAPINFOHEADER, one row of 2 pixels stored B, G, R and padded to 8 bytes.
        var bmp = new List<byte>();
        void U16(int v) => bmp.AddRange(BitConverter.GetBytes((ushort)v));
        void U32(int v) => bmp.AddRange(BitConverter.GetBytes(v));
        bmp.AddRange("BM"u8.ToArray());
        U32(54 + 8); U32(0); U32(54);
        U32(40); U32(2); U32(1); U16(1); U16(24); U32(0); U32(8); U32(2835); U32(2835); U32(0); U32(0);
        bmp.AddRange(new byte[] { 10, 20, 30, 0, 128, 255, 0, 0 });
        File.WriteAllBytes(FilePath("x.bmp"), [.. bmp]);

        var read = ImageFolder.Read(files.Directory);

        Assert.Equal([1L, 3L, 1L, 2L], read.Shape);
        Assert.Equal([30, 255, 20, 128, 10, 0], read.Values.Select(ByteOf));
    }

    [Fact]
    public void Files_are_sorted_by_name_in_any_case_of_extension_others_ignored_and_limited()
    {
        var pixel = new float[4];
        foreach (var name in new[] { "b.PNG", "a.png", "c.png" }) WriteOne(FilePath(name), pixel, 1, 2, 2);
        File.WriteAllText(FilePath("notes.txt"), "not an image");
        Directory.CreateDirectory(FilePath("inner"));
        WriteOne(Path.Combine(FilePath("inner"), "0.png"), pixel, 1, 2, 2);

        Assert.Equal(["a.png", "b.PNG", "c.png"], ImageFolder.ImageFiles(files.Directory).Select(Path.GetFileName));
        var read = ImageFolder.Read(files.Directory, limit: 2);
        Assert.Equal(["a.png", "b.PNG"], read.Files.Select(Path.GetFileName));
        Assert.Equal(2, read.Count);
    }

    [Fact]
    public void Missing_and_empty_folders_are_one_line_errors_naming_the_folder()
    {
        var missing = FilePath("nowhere");
        Assert.Equal($"{missing}: folder not found", Assert.Throws<DataFormatException>(() => ImageFolder.Read(missing)).Message);
        Assert.Equal($"{files.Directory}: no images (*.png, *.jpg, *.jpeg, *.bmp, *.webp) in this folder",
            Assert.Throws<DataFormatException>(() => ImageFolder.Read(files.Directory)).Message);
    }
}
