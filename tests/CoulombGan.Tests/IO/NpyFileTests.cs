using System.Globalization;
using CoulombGan.IO;
using static CoulombGan.Tests.Training.TrainingFixtures;

namespace CoulombGan.Tests.IO;

public sealed class NpyFileTests
{
    [Fact]
    public void Numpy_reads_what_NpyFile_writes()
    {
        var path = Path.Combine(TemporaryDirectory(), "x.npy");
        var values = Enumerable.Range(0, 2 * 3 * 4 * 5).Select(i => (float)(Math.Sin(i) * 1000)).ToArray();
        NpyFile.WriteFloat32(path, values, [2, 3, 4, 5]);
        var output = Numpy.Run($"a = np.load('{path}'); print(a.dtype, a.shape, repr(float(a[1,2,3,4])), repr(float(a.sum(dtype=np.float64))))");
        var parts = output.Split(' ');
        Assert.Equal("float32", parts[0]);
        Assert.Equal("(2, 3, 4, 5)", string.Join(' ', parts[1..5]));
        Assert.Equal(values[1 * 60 + 2 * 20 + 3 * 5 + 4], float.Parse(parts[5], CultureInfo.InvariantCulture));
        Assert.Equal(values.Sum(v => (double)v), double.Parse(parts[6], CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void Header_is_padded_to_a_multiple_of_64_bytes()
    {
        var path = Path.Combine(TemporaryDirectory(), "y.npy");
        NpyFile.WriteFloat32(path, [1f, 2f, 3f], [3]);
        var bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal(10 + headerLength + 12, bytes.Length);
        Assert.Throws<ArgumentException>(() => NpyFile.WriteFloat32(path, [1f, 2f], [3]));
    }
}

public sealed class NpyFileFloat64Tests
{
    [Fact]
    public void Float64_arrays_round_trip_through_numpy_exactly()
    {
        var directory = TemporaryDirectoryPath();
        var written = Path.Combine(directory, "written.npy");
        var fromNumpy = Path.Combine(directory, "numpy.npy");
        var values = Enumerable.Range(0, 6).Select(i => Math.Tan(i + 0.5) * Math.Pow(10, i * 50 - 150)).ToArray();
        NpyFile.WriteFloat64(written, values, [2, 3]);
        var output = Numpy.Run($"""
            a = np.load('{written}')
            print(a.dtype, a.shape, ' '.join(repr(float(v)) for v in a.ravel()))
            np.save('{fromNumpy}', a * 2)
            """);
        Assert.StartsWith("float64 (2, 3) ", output);
        Assert.Equal(values, Numpy.Doubles(output["float64 (2, 3) ".Length..]));
        var read = NpyFile.ReadFloat64(fromNumpy);
        Assert.Equal([2L, 3L], read.Shape);
        Assert.Equal(values.Select(v => v * 2).ToArray(), read.Values);
    }

    private static string TemporaryDirectoryPath() => CoulombGan.Tests.Training.TrainingFixtures.TemporaryDirectory();
}
