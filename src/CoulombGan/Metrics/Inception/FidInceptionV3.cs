using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>
/// The Inception-v3 feature extractor of the standard FID (Heusel et al. 2017): TensorFlow's "2015-12-05" Inception
/// graph as ported to PyTorch by pytorch-fid (<c>pt_inception-2015-12-05-6726825d.pth</c>). Layout and parameter names
/// are torchvision's <c>inception_v3</c> with 1008 classes and no auxiliary classifier, with the differences of the TF
/// graph: the pooling branch of the A, C and E blocks averages without counting the zero padding, and the last block
/// (Mixed_7c) max-pools in that branch.
/// <para>
/// <see cref="forward"/> maps images [N, C, H, W] with values in [-1, 1] (C = 3, or 1 for grey images, which are
/// repeated to 3 channels) to the 2048-d "pool_3" features [N, 2048]: bilinear resize to 299×299 (align_corners =
/// false, no antialiasing, as pytorch-fid does), the network, and a global average pool of Mixed_7c. pytorch-fid takes
/// [0, 1] images and maps them to [-1, 1] after resizing; resizing is linear, so the two orders agree.
/// </para>
/// <para>
/// A new instance has random weights and is in eval mode; <see cref="Load"/> reads the real weights. Features are
/// only meaningful with eval-mode batch norm, which makes each image's features independent of its batch.
/// </para>
/// </summary>
public sealed class FidInceptionV3 : nn.Module<Tensor, Tensor>
{
    public const int InputSize = 299;
    public const int FeatureSize = 2048;
    public const int ClassCount = 1008;

    // Field names are the state-dict names of the PyTorch port.
    private readonly BasicConv2d Conv2d_1a_3x3, Conv2d_2a_3x3, Conv2d_2b_3x3, Conv2d_3b_1x1, Conv2d_4a_3x3;
    private readonly InceptionA Mixed_5b, Mixed_5c, Mixed_5d;
    private readonly InceptionB Mixed_6a;
    private readonly InceptionC Mixed_6b, Mixed_6c, Mixed_6d, Mixed_6e;
    private readonly InceptionD Mixed_7a;
    private readonly InceptionE Mixed_7b, Mixed_7c;
    private readonly Linear fc;

    public FidInceptionV3() : base(nameof(FidInceptionV3))
    {
        Conv2d_1a_3x3 = new BasicConv2d(3, 32, 3, stride: 2);
        Conv2d_2a_3x3 = new BasicConv2d(32, 32, 3);
        Conv2d_2b_3x3 = new BasicConv2d(32, 64, 3, padding: 1);
        Conv2d_3b_1x1 = new BasicConv2d(64, 80, 1);
        Conv2d_4a_3x3 = new BasicConv2d(80, 192, 3);
        Mixed_5b = new InceptionA(192, poolFeatures: 32);
        Mixed_5c = new InceptionA(256, poolFeatures: 64);
        Mixed_5d = new InceptionA(288, poolFeatures: 64);
        Mixed_6a = new InceptionB(288);
        Mixed_6b = new InceptionC(768, channels7x7: 128);
        Mixed_6c = new InceptionC(768, channels7x7: 160);
        Mixed_6d = new InceptionC(768, channels7x7: 160);
        Mixed_6e = new InceptionC(768, channels7x7: 192);
        Mixed_7a = new InceptionD(768);
        Mixed_7b = new InceptionE(1280, BranchPool.AverageExcludingPadding);
        Mixed_7c = new InceptionE(2048, BranchPool.Max);
        fc = nn.Linear(FeatureSize, ClassCount);
        RegisterComponents();
        foreach (var p in parameters()) p.requires_grad = false;
        eval();
    }

    /// <summary>The network with the weights of a PyTorch state-dict zip or a safetensors file (see <see cref="LoadWeights"/>).</summary>
    public static FidInceptionV3 Load(string weightsPath)
    {
        var model = new FidInceptionV3();
        try
        {
            model.LoadWeights(weightsPath);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the weights from <paramref name="path"/>: a PyTorch <c>torch.save</c> state dict in zip format (PyTorch ≥ 1.6),
    /// or safetensors, with the names of the pt_inception-2015-12-05 state dict. <c>num_batches_tracked</c> entries are
    /// optional. Missing or unexpected keys and wrong shapes raise a <see cref="Data.DataFormatException"/> naming the
    /// file and the first offending key.
    /// </summary>
    public void LoadWeights(string path) => InceptionWeights.Load(this, path);

    /// <summary>pool_3 features [N, 2048] of images [N, 1 or 3, H, W] with values in [-1, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = Prepare(images);
        x = Conv2d_2b_3x3.forward(Conv2d_2a_3x3.forward(Conv2d_1a_3x3.forward(x)));
        x = nn.functional.max_pool2d(x, 3, stride: 2);
        x = Conv2d_4a_3x3.forward(Conv2d_3b_1x1.forward(x));
        x = nn.functional.max_pool2d(x, 3, stride: 2);
        x = Mixed_5d.forward(Mixed_5c.forward(Mixed_5b.forward(x)));
        x = Mixed_6a.forward(x);
        x = Mixed_6e.forward(Mixed_6d.forward(Mixed_6c.forward(Mixed_6b.forward(x))));
        x = Mixed_7c.forward(Mixed_7b.forward(Mixed_7a.forward(x)));
        return x.mean([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>The 1008 class logits of the TF graph's classifier for pool_3 features [N, 2048].</summary>
    public Tensor Logits(Tensor features) => fc.forward(features);

    /// <summary>
    /// pool_3 features [N, 2048] of many images, <paramref name="batchSize"/> at a time, without gradients, in eval
    /// mode, moved to the CPU. The result does not depend on <paramref name="batchSize"/>.
    /// </summary>
    public Tensor Extract(Tensor images, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.dim() != 4) throw new ArgumentException($"images must be [N, C, H, W]; got [{string.Join(", ", images.shape)}]", nameof(images));
        if (training) eval();
        var device = parameters().First().device;
        using var _ = no_grad();
        var chunks = new List<Tensor>();
        try
        {
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(device);
                chunks.Add(forward(chunk).cpu().MoveToOuterDisposeScope());
            }
            return chunks.Count == 0 ? zeros(0, FeatureSize) : cat(chunks, 0);
        }
        finally
        {
            foreach (var c in chunks) c.Dispose();
        }
    }

    private static Tensor Prepare(Tensor images)
    {
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
            throw new ArgumentException($"images must be [N, 3, H, W] or [N, 1, H, W]; got [{string.Join(", ", images.shape)}]", nameof(images));
        var x = images.to_type(ScalarType.Float32);
        if (x.shape[1] == 1) x = x.expand(-1, 3, -1, -1);
        if (x.shape[2] != InputSize || x.shape[3] != InputSize)
            x = nn.functional.interpolate(x, size: [InputSize, InputSize], mode: InterpolationMode.Bilinear, align_corners: false);
        return x;
    }
}
