using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Potential;

/// <summary>Pairwise squared Euclidean distances without building an [N, M, D] tensor.</summary>
public static class SquaredDistances
{
    /// <summary>|a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i.b_j, clamped at 0; a is [N, D], b is [M, D], result [N, M].</summary>
    public static Tensor Between(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var aa = a.pow(2).sum(1, keepdim: true);
        var bb = b.pow(2).sum(1).unsqueeze(0);
        var result = (aa + bb - 2 * a.matmul(b.t())).clamp_min(0);
        return result.MoveToOuterDisposeScope();
    }
}
