using System.Diagnostics;
using System.Runtime.InteropServices;
using CoulombGan.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Models;

/// <summary>Runs the same architecture with the same weights and inputs in PyTorch (Debian's python3-torch).</summary>
public sealed class PyTorchCrossCheckTests
{
    [PyTorchTheory]
    [InlineData("dcgan", new long[] { 1, 28, 28 })]
    [InlineData("dcgan", new long[] { 3, 32, 32 })]
    [InlineData("mlp", new long[] { 2 })]
    public void Outputs_and_input_gradients_match_pytorch(string name, long[] sampleShape)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(11);
        var (g, d) = Architectures.Create(name, sampleShape);
        using var _ = g; using var __ = d;
        var dir = Directory.CreateTempSubdirectory("coulombgan-xcheck-");
        try
        {
            using (no_grad())
                for (int i = 0; i < 3; i++) g.forward(randn(8, g.LatentSize)); // non-trivial running statistics

            var manifest = new List<string>();
            void Write(string key, Tensor t)
            {
                manifest.Add($"{key} {string.Join(" ", t.shape)}".TrimEnd());
                var values = t.detach().contiguous().data<float>().ToArray();
                File.WriteAllBytes(Path.Combine(dir.FullName, key + ".bin"), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            }
            foreach (var (key, t) in g.state_dict()) if (t.dtype == ScalarType.Float32) Write("g." + key, t);
            foreach (var (key, t) in d.state_dict()) if (t.dtype == ScalarType.Float32) Write("d." + key, t);
            var z = randn(6, g.LatentSize);
            var x = (rand([6, .. sampleShape]) * 2 - 1).requires_grad_(true);
            Write("z", z);
            Write("x", x);
            File.WriteAllLines(Path.Combine(dir.FullName, "manifest.txt"), manifest);
            File.WriteAllText(Path.Combine(dir.FullName, "config.txt"),
                $"{name} {string.Join(" ", sampleShape)} {g.LatentSize}");

            Tensor gEval, gTrain;
            using (no_grad())
            {
                g.eval();
                gEval = g.forward(z);
                g.train();
                gTrain = g.forward(z);
            }
            var y = d.forward(x);
            var grad = torch.autograd.grad([y.sum()], [x])[0];

            PyTorch.Run(Path.Combine(AppContext.BaseDirectory, "Models", "torch_reference.py"), dir.FullName);

            AssertClose(gTrain, Read(dir, "g_train", gTrain.shape), "G (training mode)");
            AssertClose(gEval, Read(dir, "g_eval", gEval.shape), "G (eval mode)");
            AssertClose(y, Read(dir, "d", y.shape), "D");
            AssertClose(grad, Read(dir, "d_grad", grad.shape), "dD/dx");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Tensor Read(DirectoryInfo dir, string name, long[] shape)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dir.FullName, name + ".bin"));
        return tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray()).reshape(shape);
    }

    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = Math.Max(expected.abs().max().item<float>(), 1e-6);
        double error = (actual.detach() - expected).abs().max().item<float>();
        Assert.True(error <= 1e-4 * scale, $"{what}: max |TorchSharp - PyTorch| = {error:g3}, max |PyTorch| = {scale:g3}");
    }
}

/// <summary>A theory skipped, with the reason, when /usr/bin/python3 cannot import torch.</summary>
public sealed class PyTorchTheoryAttribute : TheoryAttribute
{
    public PyTorchTheoryAttribute()
    {
        if (PyTorch.Unavailable is { } reason) Skip = reason;
    }
}

internal static class PyTorch
{

    private static readonly Lazy<string?> unavailable = new(() =>
    {
        if (!BitConverter.IsLittleEndian) return "the cross-check exchanges little-endian float32 files";
        if (!File.Exists(Python.Executable)) return $"{Python.Executable} not found: PyTorch cross-check skipped";
        try
        {
            var (code, _, err) = Python.Execute("-c \"import torch\"", TimeSpan.FromSeconds(60));
            return code == 0 ? null : $"{Python.Executable} cannot import torch (install python3-torch): {err.Trim()}";
        }
        catch (Exception e)
        {
            return $"{Python.Executable} could not be started: {e.Message}";
        }
    });

    public static string? Unavailable => unavailable.Value;

    public static void Run(string script, string argument)
    {
        var (code, output, error) = Python.Execute($"\"{script}\" \"{argument}\"", TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"python exited with {code}:\n{output}\n{error}");
    }

}
