using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

// The building blocks of Inception-v3 (Szegedy et al. 2016) in the layout of torchvision's inception_v3, so that the
// parameter names match the pt_inception-2015-12-05 state dict. Field names are the state-dict names: TorchSharp's
// RegisterComponents() takes a submodule's name from its field.

/// <summary>Convolution without bias, batch norm (eps 0.001, as in the TF graph), ReLU.</summary>
internal sealed class BasicConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;

    public BasicConv2d(long inChannels, long outChannels, (long, long) kernel, (long, long)? stride = null, (long, long)? padding = null)
        : base(nameof(BasicConv2d))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride ?? (1, 1), padding: padding ?? (0, 0), bias: false);
        bn = nn.BatchNorm2d(outChannels, eps: 0.001);
        RegisterComponents();
    }

    public BasicConv2d(long inChannels, long outChannels, long kernel, long stride = 1, long padding = 0)
        : this(inChannels, outChannels, (kernel, kernel), (stride, stride), (padding, padding))
    {
    }

    public override Tensor forward(Tensor x) => nn.functional.relu(bn.forward(conv.forward(x)));
}

/// <summary>
/// 3×3 stride-1 pooling branch input of the A, C and E blocks. TF's average pool ignores the zero padding
/// (count_include_pad = false); the FID graph's last block (Mixed_7c) max-pools instead.
/// </summary>
internal enum BranchPool
{
    AverageExcludingPadding,
    Max,
}

internal static class BranchPooling
{
    public static Tensor Apply(Tensor x, BranchPool pool) => pool switch
    {
        BranchPool.AverageExcludingPadding => nn.functional.avg_pool2d(x, 3, stride: 1, padding: 1, count_include_pad: false),
        BranchPool.Max => nn.functional.max_pool2d(x, 3, stride: 1, padding: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(pool)),
    };
}

/// <summary>Mixed_5b/5c/5d: 1×1 | 1×1→5×5 | 1×1→3×3→3×3 | pool→1×1; 224 + poolFeatures channels out.</summary>
internal sealed class InceptionA : nn.Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch1x1, branch5x5_1, branch5x5_2, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3, branch_pool;

    public InceptionA(long inChannels, long poolFeatures) : base(nameof(InceptionA))
    {
        branch1x1 = new BasicConv2d(inChannels, 64, 1);
        branch5x5_1 = new BasicConv2d(inChannels, 48, 1);
        branch5x5_2 = new BasicConv2d(48, 64, 5, padding: 2);
        branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
        branch3x3dbl_2 = new BasicConv2d(64, 96, 3, padding: 1);
        branch3x3dbl_3 = new BasicConv2d(96, 96, 3, padding: 1);
        branch_pool = new BasicConv2d(inChannels, poolFeatures, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = branch1x1.forward(x);
        var b = branch5x5_2.forward(branch5x5_1.forward(x));
        var c = branch3x3dbl_3.forward(branch3x3dbl_2.forward(branch3x3dbl_1.forward(x)));
        var d = branch_pool.forward(BranchPooling.Apply(x, BranchPool.AverageExcludingPadding));
        return cat([a, b, c, d], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Mixed_6a: grid reduction 35→17; 3×3/2 | 1×1→3×3→3×3/2 | max pool 3×3/2.</summary>
internal sealed class InceptionB : nn.Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch3x3, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3;

    public InceptionB(long inChannels) : base(nameof(InceptionB))
    {
        branch3x3 = new BasicConv2d(inChannels, 384, 3, stride: 2);
        branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
        branch3x3dbl_2 = new BasicConv2d(64, 96, 3, padding: 1);
        branch3x3dbl_3 = new BasicConv2d(96, 96, 3, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = branch3x3.forward(x);
        var b = branch3x3dbl_3.forward(branch3x3dbl_2.forward(branch3x3dbl_1.forward(x)));
        var c = nn.functional.max_pool2d(x, 3, stride: 2);
        return cat([a, b, c], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Mixed_6b..6e: factorised 7×7 convolutions (1×7 and 7×1); 768 channels out.</summary>
internal sealed class InceptionC : nn.Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch1x1, branch7x7_1, branch7x7_2, branch7x7_3,
        branch7x7dbl_1, branch7x7dbl_2, branch7x7dbl_3, branch7x7dbl_4, branch7x7dbl_5, branch_pool;

    public InceptionC(long inChannels, long channels7x7) : base(nameof(InceptionC))
    {
        long c7 = channels7x7;
        branch1x1 = new BasicConv2d(inChannels, 192, 1);
        branch7x7_1 = new BasicConv2d(inChannels, c7, 1);
        branch7x7_2 = new BasicConv2d(c7, c7, (1, 7), padding: (0, 3));
        branch7x7_3 = new BasicConv2d(c7, 192, (7, 1), padding: (3, 0));
        branch7x7dbl_1 = new BasicConv2d(inChannels, c7, 1);
        branch7x7dbl_2 = new BasicConv2d(c7, c7, (7, 1), padding: (3, 0));
        branch7x7dbl_3 = new BasicConv2d(c7, c7, (1, 7), padding: (0, 3));
        branch7x7dbl_4 = new BasicConv2d(c7, c7, (7, 1), padding: (3, 0));
        branch7x7dbl_5 = new BasicConv2d(c7, 192, (1, 7), padding: (0, 3));
        branch_pool = new BasicConv2d(inChannels, 192, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = branch1x1.forward(x);
        var b = branch7x7_3.forward(branch7x7_2.forward(branch7x7_1.forward(x)));
        var c = branch7x7dbl_1.forward(x);
        c = branch7x7dbl_5.forward(branch7x7dbl_4.forward(branch7x7dbl_3.forward(branch7x7dbl_2.forward(c))));
        var d = branch_pool.forward(BranchPooling.Apply(x, BranchPool.AverageExcludingPadding));
        return cat([a, b, c, d], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Mixed_7a: grid reduction 17→8; 1×1→3×3/2 | 1×1→1×7→7×1→3×3/2 | max pool 3×3/2.</summary>
internal sealed class InceptionD : nn.Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch3x3_1, branch3x3_2, branch7x7x3_1, branch7x7x3_2, branch7x7x3_3, branch7x7x3_4;

    public InceptionD(long inChannels) : base(nameof(InceptionD))
    {
        branch3x3_1 = new BasicConv2d(inChannels, 192, 1);
        branch3x3_2 = new BasicConv2d(192, 320, 3, stride: 2);
        branch7x7x3_1 = new BasicConv2d(inChannels, 192, 1);
        branch7x7x3_2 = new BasicConv2d(192, 192, (1, 7), padding: (0, 3));
        branch7x7x3_3 = new BasicConv2d(192, 192, (7, 1), padding: (3, 0));
        branch7x7x3_4 = new BasicConv2d(192, 192, 3, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = branch3x3_2.forward(branch3x3_1.forward(x));
        var b = branch7x7x3_4.forward(branch7x7x3_3.forward(branch7x7x3_2.forward(branch7x7x3_1.forward(x))));
        var c = nn.functional.max_pool2d(x, 3, stride: 2);
        return cat([a, b, c], 1).MoveToOuterDisposeScope();
    }
}

/// <summary>Mixed_7b/7c: expanded filter banks (1×3 and 3×1 side by side); 2048 channels out.</summary>
internal sealed class InceptionE : nn.Module<Tensor, Tensor>
{
    private readonly BasicConv2d branch1x1, branch3x3_1, branch3x3_2a, branch3x3_2b,
        branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3a, branch3x3dbl_3b, branch_pool;
    private readonly BranchPool pool;

    public InceptionE(long inChannels, BranchPool pool) : base(nameof(InceptionE))
    {
        this.pool = pool;
        branch1x1 = new BasicConv2d(inChannels, 320, 1);
        branch3x3_1 = new BasicConv2d(inChannels, 384, 1);
        branch3x3_2a = new BasicConv2d(384, 384, (1, 3), padding: (0, 1));
        branch3x3_2b = new BasicConv2d(384, 384, (3, 1), padding: (1, 0));
        branch3x3dbl_1 = new BasicConv2d(inChannels, 448, 1);
        branch3x3dbl_2 = new BasicConv2d(448, 384, 3, padding: 1);
        branch3x3dbl_3a = new BasicConv2d(384, 384, (1, 3), padding: (0, 1));
        branch3x3dbl_3b = new BasicConv2d(384, 384, (3, 1), padding: (1, 0));
        branch_pool = new BasicConv2d(inChannels, 192, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var a = branch1x1.forward(x);
        var b = branch3x3_1.forward(x);
        b = cat([branch3x3_2a.forward(b), branch3x3_2b.forward(b)], 1);
        var c = branch3x3dbl_2.forward(branch3x3dbl_1.forward(x));
        c = cat([branch3x3dbl_3a.forward(c), branch3x3dbl_3b.forward(c)], 1);
        var d = branch_pool.forward(BranchPooling.Apply(x, pool));
        return cat([a, b, c, d], 1).MoveToOuterDisposeScope();
    }
}
