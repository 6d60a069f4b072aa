using CoulombGan.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// A small CNN for 28x28 grey images in 10 classes (Fashion-MNIST), used as a domain-specific feature extractor:
/// conv 3x3 32 -> ReLU -> max-pool 2 -> conv 3x3 64 -> ReLU -> max-pool 2 -> fc 128 -> ReLU -> dropout 0.5 -> fc 10.
/// The features are the 128 ReLU outputs of the penultimate layer (before dropout). Input: [N, 1, 28, 28] in [-1, 1].
/// <para>
/// A new instance has random weights (seed with <c>torch.manual_seed</c> before constructing);
/// <see cref="FashionClassifierTrainer"/> trains it and <see cref="Load"/> reads saved weights.
/// </para>
/// </summary>
public sealed class FashionClassifier : nn.Module<Tensor, Tensor>, IFeatureExtractor
{
    public const int ImageSize = 28;
    public const int ClassCount = 10;
    public const int Features = 128;

    private const string Magic = "CoulombGAN Fashion-MNIST classifier";
    private const int FormatVersion = 1;

    private readonly Conv2d conv1, conv2;
    private readonly Linear fc1, fc2;
    private readonly Dropout dropout;

    public FashionClassifier() : base(nameof(FashionClassifier))
    {
        conv1 = nn.Conv2d(1, 32, 3, padding: 1);
        conv2 = nn.Conv2d(32, 64, 3, padding: 1);
        fc1 = nn.Linear(64 * 7 * 7, Features);
        fc2 = nn.Linear(Features, ClassCount);
        dropout = nn.Dropout(0.5);
        RegisterComponents();
    }

    public string Name => "classifier";

    public int FeatureSize => Features;

    /// <summary>The 128-d penultimate features [N, 128] (no dropout applied).</summary>
    public Tensor Embed(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
            throw new ArgumentException($"images must be [N, 1, {ImageSize}, {ImageSize}]; got [{string.Join(", ", images.shape)}]", nameof(images));
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(images.to_type(ScalarType.Float32))), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(x)), 2);
        return nn.functional.relu(fc1.forward(x.flatten(1))).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits [N, 10]; dropout is active in training mode.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(dropout.forward(Embed(images))).MoveToOuterDisposeScope();
    }

    public Tensor Extract(Tensor images, int batchSize) => Batched(images, batchSize, Embed, () => zeros(0, Features));

    /// <summary>The most likely class (int64 [N]) of each image, computed in eval mode.</summary>
    public Tensor PredictClasses(Tensor images, int batchSize = 1000) =>
        Batched(images, batchSize, x => forward(x).argmax(1), () => zeros(0, dtype: ScalarType.Int64));

    private Tensor Batched(Tensor images, int batchSize, Func<Tensor, Tensor> map, Func<Tensor> empty)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        bool wasTraining = training;
        eval();
        var device = parameters().First().device;
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(device);
                parts.Add(map(chunk).cpu().MoveToOuterDisposeScope());
            }
            return parts.Count == 0 ? empty() : cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
            if (wasTraining) train();
        }
    }

    /// <summary>Writes the weights atomically (a header, then TorchSharp's module format).</summary>
    public void Save(string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            save(writer);
        });

    /// <summary>Reads weights written by <see cref="Save"/>; problems are a one-line <see cref="Data.DataFormatException"/>.</summary>
    public static FashionClassifier Load(string path)
    {
        if (!File.Exists(path))
            throw new Data.DataFormatException(path, "classifier weights not found; train them with `coulomb-gan train-classifier`");
        var model = new FashionClassifier();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadString() != Magic) throw new InvalidDataException("not a Fashion-MNIST classifier file");
            int version = reader.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"format version {version} is not supported (expected {FormatVersion})");
            model.load(reader);
            model.eval();
            return model;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or ArgumentException or FormatException or InvalidOperationException)
        {
            model.Dispose();
            throw new Data.DataFormatException(path, $"unreadable classifier weights ({e.Message.Split('\n')[0].Trim()})", e);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
