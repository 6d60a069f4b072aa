using System.Text;
using CoulombGan.Data;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.Data;

public sealed class NpyImagesTests
{
    /// <summary>A version 1.0 .npy file written by hand: magic, header length, header padded to 64 bytes, data.</summary>
    private static string WriteNpy(string descr, string shape, byte[] data)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header += new string(' ', 63 - (10 + header.Length) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange(new byte[] { 1, 0, (byte)(header.Length % 256), (byte)(header.Length / 256) });
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        var path = Path.Combine(TemporaryDirectory(), "images.npy");
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    [Fact]
    public void Uint8_nhwc_becomes_nchw_scaled_to_minus_one_one()
    {
        // [N, H, W, C] = [2, 2, 3, 3], byte i * 7 mod 256 at flat index i.
        var data = Enumerable.Range(0, 36).Select(i => (byte)(i * 7 % 256)).ToArray();
        using var images = NpyImages.Read(WriteNpy("|u1", "(2, 2, 3, 3)", data));
        Assert.Equal([2L, 3L, 2L, 3L], images.shape);
        var values = images.data<float>().ToArray();
        for (int n = 0; n < 2; n++)
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < 2; y++)
        for (int x = 0; x < 3; x++)
            Assert.Equal(data[((n * 2 + y) * 3 + x) * 3 + c] / 127.5 - 1, values[((n * 3 + c) * 2 + y) * 3 + x], 1e-7);
    }

    [Fact]
    public void Uint8_nhw_is_grey_and_the_limit_keeps_the_first_images()
    {
        var data = Enumerable.Range(0, 3 * 2 * 2).Select(i => (byte)(255 - 20 * i)).ToArray();
        using var images = NpyImages.Read(WriteNpy("|u1", "(3, 2, 2)", data), limit: 2);
        Assert.Equal([2L, 1L, 2L, 2L], images.shape);
        Assert.Equal(data[..8].Select(b => b / 127.5 - 1), images.data<float>().ToArray().Select(v => (double)v), new Tolerance(1e-7));
    }

    [Fact]
    public void Float32_nchw_is_taken_as_it_is()
    {
        float[] values = [-1f, 0.25f, 1f, -0.5f, 0.1f, 0.2f, 0.3f, 0.4f];
        var data = values.SelectMany(BitConverter.GetBytes).ToArray();
        using var images = NpyImages.Read(WriteNpy("<f4", "(2, 1, 2, 2)", data));
        Assert.Equal([2L, 1L, 2L, 2L], images.shape);
        Assert.Equal(values, images.data<float>().ToArray());
    }

    [Fact]
    public void Other_dtypes_and_shapes_are_one_line_errors_naming_the_file()
    {
        var doubles = WriteNpy("<f8", "(1, 1, 1, 1)", new byte[8]);
        Assert.Equal($"{doubles}: dtype '<f8' is not supported; float32 [N, C, H, W] in [-1, 1] or uint8 [N, H, W (, C)] expected",
            Assert.Throws<DataFormatException>(() => NpyImages.Read(doubles)).Message);
        var fourChannels = WriteNpy("<f4", "(1, 4, 1, 1)", new byte[16]);
        Assert.Equal($"{fourChannels}: float32 images must be [N, C, H, W] with C = 1 or 3; found [1, 4, 1, 1]",
            Assert.Throws<DataFormatException>(() => NpyImages.Read(fourChannels)).Message);
        var truncated = WriteNpy("|u1", "(2, 2, 2)", new byte[5]);
        Assert.StartsWith($"{truncated}: truncated", Assert.Throws<DataFormatException>(() => NpyImages.Read(truncated)).Message);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
