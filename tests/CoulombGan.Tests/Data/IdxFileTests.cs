using CoulombGan.Data;
using static CoulombGan.Tests.Data.IdxTestFiles;

namespace CoulombGan.Tests.Data;

public sealed class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_returns_the_written_dimensions_and_bytes_exactly(bool gzip)
    {
        using var dir = new TempDirectory();
        int[] dims = [3, 4, 5];
        var data = RandomBytes(60, seed: 1);
        data[0] = 0;
        data[59] = 255;
        var content = Idx(dims, data);
        string path = dir.Write("array-idx3-ubyte", gzip ? Gzip(content) : content);

        var idx = IdxFile.Read(path);

        Assert.Equal(dims, idx.Dimensions);
        Assert.Equal(new long[] { 3, 4, 5 }, idx.Shape);
        Assert.Equal(data, idx.Data);
        Assert.Equal(path, idx.Path);
    }

    [Fact]
    public void Read_detects_gzip_by_its_magic_bytes_not_by_the_file_name()
    {
        using var dir = new TempDirectory();
        var data = RandomBytes(7, seed: 2);
        var content = Idx([7], data);
        string gzipWithPlainName = dir.Write("labels-idx1-ubyte", Gzip(content));
        string rawWithGzName = dir.Write("other-idx1-ubyte.gz", content);

        Assert.Equal(data, IdxFile.Read(gzipWithPlainName).Data);
        Assert.Equal(data, IdxFile.Read(rawWithGzName).Data);
    }

    [Fact]
    public void Read_reports_a_missing_file()
    {
        using var dir = new TempDirectory();
        string path = System.IO.Path.Combine(dir.Path, "absent-idx1-ubyte.gz");
        AssertProblem(() => IdxFile.Read(path), "absent-idx1-ubyte.gz", "missing");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_rejects_a_bad_magic_number(bool gzip)
    {
        using var dir = new TempDirectory();
        var content = Idx([2], [1, 2]);
        content[0] = 0x01;
        string path = dir.Write("bad-magic", gzip ? Gzip(content) : content);
        AssertProblem(() => IdxFile.Read(path), "bad-magic", "magic");
    }

    [Theory]
    [InlineData(0x09)]
    [InlineData(0x0C)]
    [InlineData(0x0D)]
    public void Read_rejects_element_types_other_than_unsigned_byte(byte type)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("floats-idx1", Idx([2], new byte[8], type));
        AssertProblem(() => IdxFile.Read(path), "floats-idx1", "type");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_rejects_data_shorter_than_the_header_promises(bool gzip)
    {
        using var dir = new TempDirectory();
        var content = Idx([2, 3], RandomBytes(5, seed: 3));
        string path = dir.Write("short-idx2", gzip ? Gzip(content) : content);
        AssertProblem(() => IdxFile.Read(path), "short-idx2", "truncated");
    }

    [Fact]
    public void Read_rejects_a_header_cut_inside_the_dimension_sizes()
    {
        using var dir = new TempDirectory();
        var content = Idx([2, 3, 4], RandomBytes(24, seed: 4))[..9];
        string path = dir.Write("cut-header", content);
        AssertProblem(() => IdxFile.Read(path), "cut-header", "truncated");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_rejects_trailing_bytes_after_the_data(bool gzip)
    {
        using var dir = new TempDirectory();
        byte[] content = [.. Idx([4], [1, 2, 3, 4]), 0xAB];
        string path = dir.Write("long-idx1", gzip ? Gzip(content) : content);
        AssertProblem(() => IdxFile.Read(path), "long-idx1", "trailing");
    }

    [Fact]
    public void Read_rejects_a_corrupt_gzip_stream()
    {
        using var dir = new TempDirectory();
        var gzip = Gzip(Idx([100], RandomBytes(100, seed: 5)));
        // Past the 10-byte gzip header, a first deflate byte 0xFF declares the reserved block type 3.
        for (int i = 10; i < 16; i++) gzip[i] = 0xFF;
        string path = dir.Write("corrupt.gz", gzip);
        AssertProblem(() => IdxFile.Read(path), "corrupt.gz", "gzip");
    }

    [Fact]
    public void Read_rejects_a_gzip_stream_cut_short()
    {
        using var dir = new TempDirectory();
        var gzip = Gzip(Idx([1000], RandomBytes(1000, seed: 6)));
        string path = dir.Write("cut.gz", gzip[..(gzip.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains("cut.gz", e.Message);
        Assert.True(e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("gzip", StringComparison.OrdinalIgnoreCase), e.Message);
    }
}
