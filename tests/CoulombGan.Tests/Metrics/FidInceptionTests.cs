using System.Diagnostics;
using CoulombGan.Data;
using CoulombGan.Metrics;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Metrics;

/// <summary>
/// The FID Inception port against PyTorch: fid_inception_reference.py builds the same network from torchvision's
/// inception_v3 (patched as the TF graph pools), with random weights, and writes weights, inputs and pool_3 features.
/// The real weights cannot be downloaded on the build machines.
/// </summary>
public sealed class FidInceptionTests(FidInceptionTests.Reference reference, ITestOutputHelper output) : IClassFixture<FidInceptionTests.Reference>
{
    [Fact]
    public void Pool3_features_match_pytorch_fid_inception_with_the_same_weights()
    {
        using var scope = NewDisposeScope();
        using var model = FidInceptionV3.Load(reference.WeightsPth);
        var rgb = model.Extract(reference.Tensors["rgb"], batchSize: 3);
        var grey = model.Extract(reference.Tensors["grey"]);

        var (rgbError, rgbScale) = Difference(rgb, reference.Tensors["rgb_features"]);
        var (greyError, greyScale) = Difference(grey, reference.Tensors["grey_features"]);
        output.WriteLine($"max |TorchSharp - PyTorch|: RGB {rgbError:g3} (max |feature| {rgbScale:g4}), grey {greyError:g3} (max |feature| {greyScale:g4})");
        Assert.Equal(new long[] { 3, FidInceptionV3.FeatureSize }, rgb.shape);
        // Features of the real network's magnitude (the script scales the last block to a few units at most).
        Assert.InRange(rgbScale, 0.5, 20);
        Assert.True(rgbError <= 1e-4, $"RGB: max |TorchSharp - PyTorch| = {rgbError:g3}, max |PyTorch| = {rgbScale:g3}");
        Assert.True(greyError <= 1e-4, $"grey: max |TorchSharp - PyTorch| = {greyError:g3}, max |PyTorch| = {greyScale:g3}");
        // The check discriminates: different images are far apart compared with the tolerance.
        var (between, _) = Difference(reference.Tensors["rgb_features"][0], reference.Tensors["rgb_features"][1]);
        Assert.True(between > 100 * 1e-4, $"features of different images differ by only {between:g3}");
    }

    [Fact]
    public void Safetensors_weights_load_the_same_tensors_as_the_pytorch_zip()
    {
        using var fromZip = FidInceptionV3.Load(reference.WeightsPth);
        using var fromSafetensors = FidInceptionV3.Load(reference.WeightsSafetensors);
        var a = fromZip.state_dict();
        var b = fromSafetensors.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (key, tensor) in a)
            Assert.True(tensor.equal(b[key]).all().item<bool>(), $"{key} differs");
    }

    [Fact]
    public void Features_do_not_depend_on_the_batch_size()
    {
        using var scope = NewDisposeScope();
        using var model = FidInceptionV3.Load(reference.WeightsPth);
        var images = reference.Tensors["rgb"];
        var together = model.Extract(images, batchSize: 3);
        var oneByOne = model.Extract(images, batchSize: 1);
        var (error, scale) = Difference(oneByOne, together);
        output.WriteLine($"batch 1 vs batch 3: max difference {error:g3} (max |feature| {scale:g4})");
        Assert.True(error <= 1e-5 * scale, $"batch 1 vs 3: max difference {error:g3}, max |feature| {scale:g3}");
    }

    [Fact]
    public void Parameter_names_are_those_of_the_pt_inception_state_dict()
    {
        using var model = new FidInceptionV3();
        var names = model.state_dict().Keys.ToHashSet();
        foreach (var name in new[]
                 {
                     "Conv2d_1a_3x3.conv.weight", "Conv2d_1a_3x3.bn.running_var", "Mixed_5b.branch1x1.bn.running_mean",
                     "Mixed_6e.branch7x7dbl_5.conv.weight", "Mixed_7a.branch7x7x3_4.bn.bias", "Mixed_7c.branch3x3dbl_3b.bn.weight",
                     "Mixed_7c.branch_pool.conv.weight", "fc.weight", "fc.bias",
                 })
            Assert.Contains(name, names);
        Assert.DoesNotContain(names, n => n.StartsWith("AuxLogits", StringComparison.Ordinal));
        Assert.Equal(new long[] { 1008, 2048 }, model.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void A_missing_weights_file_gives_a_one_line_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-inception-{Guid.NewGuid():N}.pth");
        var e = Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(path));
        AssertOneLine(e.Message, path, "not found");
    }

    [Fact]
    public void A_corrupt_weights_file_gives_a_one_line_error_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("coulombgan-inception-");
        try
        {
            var garbage = Path.Combine(dir.FullName, "garbage.pth");
            File.WriteAllText(garbage, "this is not a state dict\n");
            AssertOneLine(Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(garbage)).Message, garbage, "neither");

            // A zip archive that is cut short: it starts like a torch.save file.
            var truncated = Path.Combine(dir.FullName, "truncated.pth");
            var bytes = File.ReadAllBytes(reference.WeightsPth);
            File.WriteAllBytes(truncated, bytes[..4096]);
            AssertOneLine(Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(truncated)).Message, truncated, "cannot read");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_unexpected_and_misshapen_keys_are_named_in_a_one_line_error()
    {
        var dir = Directory.CreateTempSubdirectory("coulombgan-inception-");
        try
        {
            using var scope = NewDisposeScope();
            var state = PyTorchUnpickler.UnpickleStateDict(reference.WeightsPth)
                .Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);

            string Write(string name, Dictionary<string, Tensor> dict)
            {
                var path = Path.Combine(dir.FullName, name);
                Safetensors.SaveStateDict(path, dict);
                return path;
            }

            var missing = Write("missing.safetensors", state.Where(e => e.Key != "Mixed_6c.branch7x7_2.conv.weight").ToDictionary());
            AssertOneLine(Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(missing)).Message, missing, "missing key 'Mixed_6c.branch7x7_2.conv.weight'");

            var extra = Write("extra.safetensors", new Dictionary<string, Tensor>(state) { ["AuxLogits.fc.weight"] = zeros(1008, 768) });
            AssertOneLine(Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(extra)).Message, extra, "unexpected key 'AuxLogits.fc.weight'");

            var misshapen = Write("misshapen.safetensors", new Dictionary<string, Tensor>(state) { ["fc.weight"] = zeros(1000, 2048) });
            AssertOneLine(Assert.Throws<DataFormatException>(() => FidInceptionV3.Load(misshapen)).Message, misshapen, "'fc.weight' has shape [1000, 2048]");

            // Old PyTorch versions saved no num_batches_tracked; the standard file loads either way.
            var without = Write("without-counters.safetensors", state.Where(e => !e.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary());
            FidInceptionV3.Load(without).Dispose();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void AssertOneLine(string message, string path, string problem)
    {
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith(path, message);
        Assert.Contains(problem, message);
    }

    private static (double error, double scale) Difference(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        double scale = expected.abs().max().item<float>();
        double error = (actual - expected).abs().max().item<float>();
        return (error, scale);
    }

    /// <summary>Runs the Python reference once for the class; its files live in a temporary directory.</summary>
    public sealed class Reference : IDisposable
    {
        private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("coulombgan-fid-inception-");

        public string WeightsPth => Ensure("weights.pth");
        public string WeightsSafetensors => Ensure("weights.safetensors");

        public Dictionary<string, Tensor> Tensors
        {
            get
            {
                Ensure("reference.pth");
                return tensors ??= PyTorchUnpickler.UnpickleStateDict(Path.Combine(dir.FullName, "reference.pth"))
                    .Cast<System.Collections.DictionaryEntry>()
                    .ToDictionary(e => (string)e.Key, e => ((Tensor)e.Value!).DetachFromDisposeScope());
            }
        }

        private Dictionary<string, Tensor>? tensors;
        private bool generated;

        private string Ensure(string file)
        {
            if (!generated)
            {
                RunPython();
                generated = true;
            }
            return Path.Combine(dir.FullName, file);
        }

        private void RunPython()
        {
            const string install = "apt-get install python3-torch python3-torchvision";
            Assert.True(File.Exists(Python.Executable), $"{Python.Executable} not found; the FID Inception cross-check needs it: {install}");
            var (code, _, error) = Python.Execute("-c \"import torch, torchvision\"", TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"{Python.Executable} cannot import torch and torchvision ({LastLine(error)}): {install}");
            var script = Path.Combine(AppContext.BaseDirectory, "Metrics", "fid_inception_reference.py");
            (code, var stdout, error) = Python.Execute($"\"{script}\" \"{dir.FullName}\"", TimeSpan.FromMinutes(10));
            Assert.True(code == 0, $"fid_inception_reference.py exited with {code}:\n{stdout}\n{error}");
        }

        private static string LastLine(string text) =>
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";


        public void Dispose()
        {
            if (tensors is not null) foreach (var t in tensors.Values) t.Dispose();
            dir.Delete(recursive: true);
        }
    }
}
