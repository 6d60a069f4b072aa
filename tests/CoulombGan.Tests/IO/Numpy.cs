using System.Globalization;

namespace CoulombGan.Tests.IO;

/// <summary>Runs a short script under /usr/bin/python3 with numpy imported as np; fails the test when numpy is missing.</summary>
internal static class Numpy
{
    public static string Run(string script)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"numpy-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, "import numpy as np\n" + script);
        try
        {
            var (code, output, error) = Python.Execute($"\"{path}\"", TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"python3 with numpy is needed (apt-get install python3-numpy): {error}");
            return output.Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Parses whitespace-separated Python float reprs, which round-trip float64 exactly.</summary>
    public static double[] Doubles(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A Python list literal holding <paramref name="values"/> exactly ("R" round-trip format).</summary>
    public static string List(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
