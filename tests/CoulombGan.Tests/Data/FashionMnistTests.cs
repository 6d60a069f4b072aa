using CoulombGan.Data;
using TorchSharp;
using static CoulombGan.Tests.Data.IdxTestFiles;

namespace CoulombGan.Tests.Data;

public sealed class FashionMnistTests
{
    private const int Pixels = 28 * 28;

    private static void WriteSplit(TempDirectory dir, string prefix, int[] imageDims, byte[] pixels, int[] labelDims, byte[] labels, bool gzip)
    {
        string suffix = gzip ? ".gz" : "";
        var images = Idx(imageDims, pixels);
        var labelFile = Idx(labelDims, labels);
        dir.Write($"{prefix}-images-idx3-ubyte{suffix}", gzip ? Gzip(images) : images);
        dir.Write($"{prefix}-labels-idx1-ubyte{suffix}", gzip ? Gzip(labelFile) : labelFile);
    }

    [Theory]
    [InlineData("train", "train", true)]
    [InlineData("train", "train", false)]
    [InlineData("test", "t10k", true)]
    [InlineData("test", "t10k", false)]
    public void Load_scales_pixels_to_minus_one_to_one_and_keeps_the_labels(string split, string prefix, bool gzip)
    {
        using var dir = new TempDirectory();
        const int n = 4;
        var pixels = RandomBytes(n * Pixels, seed: 7);
        pixels[0] = 0;
        pixels[1] = 255;
        byte[] labels = [9, 0, 3, 7];
        WriteSplit(dir, prefix, [n, 28, 28], pixels, [n], labels, gzip);

        using var data = FashionMnist.Load(split, dir.Path);

        Assert.Equal(new long[] { n, 1, 28, 28 }, data.Samples.shape);
        Assert.Equal(torch.ScalarType.Float32, data.Samples.dtype);
        var values = data.Samples.data<float>().ToArray();
        for (int i = 0; i < pixels.Length; i++)
            Assert.True(Math.Abs(values[i] - (pixels[i] / 127.5 - 1.0)) <= 1e-6, $"pixel {i}: {pixels[i]} became {values[i]}");
        Assert.Equal(-1f, values[0]);
        Assert.Equal(1f, values[1]);

        Assert.NotNull(data.Labels);
        Assert.Equal(torch.ScalarType.Int64, data.Labels.dtype);
        Assert.Equal(labels.Select(l => (long)l), data.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Load_rejects_images_and_labels_of_different_counts()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", [3, 28, 28], new byte[3 * Pixels], [2], [1, 2], gzip: true);
        AssertProblem(() => FashionMnist.Load("train", dir.Path), "train-labels-idx1-ubyte.gz", "mismatch");
    }

    [Fact]
    public void Load_rejects_a_label_outside_zero_to_nine()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "t10k", [2, 28, 28], new byte[2 * Pixels], [2], [9, 10], gzip: false);
        AssertProblem(() => FashionMnist.Load("test", dir.Path), "t10k-labels-idx1-ubyte", "range");
    }

    [Fact]
    public void Load_rejects_images_that_are_not_28_by_28()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", [2, 28, 27], new byte[2 * 28 * 27], [2], [0, 1], gzip: true);
        AssertProblem(() => FashionMnist.Load("train", dir.Path), "train-images-idx3-ubyte.gz", "shape");
    }

    [Fact]
    public void Load_rejects_labels_that_are_not_one_dimensional()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", [2, 28, 28], new byte[2 * Pixels], [2, 1], [0, 1], gzip: true);
        AssertProblem(() => FashionMnist.Load("train", dir.Path), "train-labels-idx1-ubyte.gz", "shape");
    }

    [Fact]
    public void Load_names_a_missing_file()
    {
        using var dir = new TempDirectory();
        dir.Write("train-images-idx3-ubyte.gz", Gzip(Idx([1, 28, 28], new byte[Pixels])));
        AssertProblem(() => FashionMnist.Load("train", dir.Path), "train-labels-idx1-ubyte", "missing");
    }

    [Fact]
    public void Load_passes_on_a_malformed_file_as_a_data_format_error()
    {
        using var dir = new TempDirectory();
        WriteSplit(dir, "train", [2, 28, 28], new byte[2 * Pixels], [2], [0, 1], gzip: false);
        var images = Path.Combine(dir.Path, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);
        AssertProblem(() => FashionMnist.Load("train", dir.Path), "train-images-idx3-ubyte", "truncated");
    }

    [Fact]
    public void Load_tells_how_to_install_the_data_when_the_directory_is_missing()
    {
        using var dir = new TempDirectory();
        string missing = Path.Combine(dir.Path, "no-such-dir");
        AssertProblem(() => FashionMnist.Load("train", missing), "no-such-dir", "apt-get install dataset-fashion-mnist");
    }

    [Fact]
    public void Load_rejects_an_unknown_split()
    {
        Assert.Throws<ArgumentException>(() => FashionMnist.Load("validation", "/nonexistent"));
    }

    [Fact]
    public void ClassNames_are_the_ten_Fashion_MNIST_classes_in_label_order()
    {
        Assert.Equal(
            ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
            FashionMnist.ClassNames);
    }
}

/// <summary>Checks on the real files of the Debian package <c>dataset-fashion-mnist</c> (installed here and in CI).</summary>
public sealed class FashionMnistRealFilesTests
{
    private static void AssertSplit(string split, int expectedCount)
    {
        using var data = FashionMnist.Load(split);

        Assert.Equal(new long[] { expectedCount, 1, 28, 28 }, data.Samples.shape);
        Assert.Equal(-1.0, data.Samples.min().item<float>());
        Assert.Equal(1.0, data.Samples.max().item<float>());

        Assert.NotNull(data.Labels);
        var counts = new int[10];
        foreach (long label in data.Labels.data<long>()) counts[label]++;
        Assert.All(counts, c => Assert.Equal(expectedCount / 10, c));
    }

    [Fact]
    public void Train_split_has_60000_images_in_minus_one_to_one_and_6000_per_class() => AssertSplit("train", 60_000);

    [Fact]
    public void Test_split_has_10000_images_in_minus_one_to_one_and_1000_per_class() => AssertSplit("test", 10_000);
}
