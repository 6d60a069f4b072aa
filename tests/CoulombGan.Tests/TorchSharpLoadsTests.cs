using TorchSharp;

namespace CoulombGan.Tests;

public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies_matrices()
    {
        // Loading libLibTorchSharp.so on a libstdc++ older than GCC 13 needs the build's GLIBCXX fix.
        using var a = torch.tensor(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = torch.tensor(new double[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        using var product = a.matmul(b);
        Assert.Equal(new double[] { 19, 22, 43, 50 }, product.data<double>().ToArray());
    }
}
