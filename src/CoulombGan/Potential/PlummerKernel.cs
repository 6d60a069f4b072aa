using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Potential;

/// <summary>
/// The low-dimensional Plummer kernel of Eq. (5): k(a, b) = (|a - b|^2 + eps^2)^(-d/2).
/// </summary>
/// <remarks>
/// Eq. (5)'s exponent d is the "dimension minus two" of a Plummer kernel in m = d + 2 dimensions:
/// the authors' code, and this library's default, speak of a kernel of dimension 3, i.e. d = 1,
/// k = 1 / sqrt(|a - b|^2 + eps^2). Build it with <see cref="FromDimension"/> (the code's "dim") or with
/// the constructor (Eq. (5)'s d).
/// </remarks>
public sealed record PlummerKernel
{
    /// <param name="exponent">Eq. (5)'s d (&gt; 0).</param>
    /// <param name="epsilon">The softening length eps (&gt; 0).</param>
    public PlummerKernel(double exponent, double epsilon)
    {
        if (!(exponent > 0) || double.IsInfinity(exponent))
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the kernel exponent d must be a positive number (d = dim - 2)");
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the kernel epsilon must be a positive number");
        Exponent = exponent;
        Epsilon = epsilon;
    }

    /// <summary>A Plummer kernel "of dimension <paramref name="dimension"/>": exponent d = dimension - 2.</summary>
    public static PlummerKernel FromDimension(double dimension, double epsilon) => new(dimension - 2, epsilon);

    /// <summary>Eq. (5)'s d.</summary>
    public double Exponent { get; }

    public double Epsilon { get; }

    /// <summary>The dimension m = d + 2 of the Plummer kernel this is.</summary>
    public double Dimension => Exponent + 2;

    /// <summary>k(a, a) = eps^(-d): a charge's potential at its own location.</summary>
    public double SelfValue => Math.Pow(Epsilon, -Exponent);

    public PlummerKernel WithEpsilon(double epsilon) => new(Exponent, epsilon);

    /// <summary>k as a function of the squared distance r^2 (Eq. 5).</summary>
    public Tensor Evaluate(Tensor squaredDistance) =>
        (squaredDistance + Epsilon * Epsilon).pow(-Exponent / 2);

    /// <summary>
    /// w(r^2) = d (r^2 + eps^2)^(-d/2 - 1), so that -grad_a k(a, b) = w(|a - b|^2) (a - b).
    /// </summary>
    public Tensor GradientWeight(Tensor squaredDistance) =>
        (squaredDistance + Epsilon * Epsilon).pow(-Exponent / 2 - 1) * Exponent;
}
