using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// Maps images to feature vectors for the feature-space metrics (Frechet distance, KID, precision/recall,
/// density/coverage). The name states the protocol, so results computed with different extractors are never mixed up.
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>Short protocol name, e.g. "inception" or "classifier".</summary>
    string Name { get; }

    /// <summary>Length D of a feature vector.</summary>
    int FeatureSize { get; }

    /// <summary>
    /// Features [N, D] (float32, CPU) of images [N, C, H, W] with values in [-1, 1], computed without gradients,
    /// <paramref name="batchSize"/> images at a time; the result does not depend on the batch size.
    /// </summary>
    Tensor Extract(Tensor images, int batchSize);
}

/// <summary>The standard FID features (Inception pool_3, 2048-d) as an <see cref="IFeatureExtractor"/>.</summary>
public sealed class InceptionFeatureExtractor(FidInceptionV3 network) : IFeatureExtractor, IDisposable
{
    public string Name => "inception";

    public int FeatureSize => FidInceptionV3.FeatureSize;

    public FidInceptionV3 Network { get; } = network;

    public Tensor Extract(Tensor images, int batchSize) => Network.Extract(images, batchSize);

    public void Dispose() => Network.Dispose();
}
