using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothing in 10 classes,
/// 60000 for training and 10000 for testing, stored as the four original IDX files.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the IDX files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public const int ImageSize = 28;

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>
    /// Loads the "train" or "test" split from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>),
    /// reading either the gzip-compressed or the raw file of each name.
    /// Images are float32 [N, 1, 28, 28] scaled to [-1, 1] as pixel / 127.5 - 1; labels are int64 [N] in 0..9.
    /// </summary>
    public static TensorDataset Load(string split, string? directory = null)
    {
        directory ??= DefaultDirectory;
        string prefix = split.ToLowerInvariant() switch
        {
            "train" => "train",
            "test" => "t10k",
            _ => throw new ArgumentException($"unknown Fashion-MNIST split '{split}'; expected 'train' or 'test'", nameof(split)),
        };
        if (!Directory.Exists(directory))
            throw new DataFormatException(directory,
                "Fashion-MNIST directory not found; install it with `apt-get install dataset-fashion-mnist` or pass the directory holding the IDX files");

        var labels = IdxFile.Read(FindFile(directory, $"{prefix}-labels-idx1-ubyte"));
        var images = IdxFile.Read(FindFile(directory, $"{prefix}-images-idx3-ubyte"));
        Check(images, labels);

        long n = images.Dimensions[0];
        using var scope = torch.NewDisposeScope();
        var pixels = torch.tensor(images.Data, [n, 1, ImageSize, ImageSize]);
        var scaled = pixels.to_type(ScalarType.Float32).div_(127.5).sub_(1.0);
        var classes = torch.tensor(labels.Data, [n]).to_type(ScalarType.Int64);
        return new TensorDataset(scaled, classes);
    }

    private static string FindFile(string directory, string name)
    {
        string gzip = Path.Combine(directory, name + ".gz");
        if (File.Exists(gzip)) return gzip;
        string raw = Path.Combine(directory, name);
        if (File.Exists(raw)) return raw;
        throw new DataFormatException(gzip, $"missing file: neither {name}.gz nor {name} is in {directory}");
    }

    private static void Check(IdxFile images, IdxFile labels)
    {
        var shape = images.Dimensions;
        if (shape.Count != 3 || shape[1] != ImageSize || shape[2] != ImageSize)
            throw new DataFormatException(images.Path, $"wrong shape: expected images of shape [N, {ImageSize}, {ImageSize}], found [{string.Join(", ", shape)}]");
        if (labels.Dimensions.Count != 1)
            throw new DataFormatException(labels.Path, $"wrong shape: expected labels of shape [N], found [{string.Join(", ", labels.Dimensions)}]");
        if (labels.Dimensions[0] != shape[0])
            throw new DataFormatException(labels.Path, $"count mismatch: {labels.Dimensions[0]} labels for {shape[0]} images in {images.Path}");
        var data = labels.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] >= ClassNames.Count)
                throw new DataFormatException(labels.Path, $"label out of range: label {data[i]} at index {i} is outside 0..{ClassNames.Count - 1}");
        }
    }
}
