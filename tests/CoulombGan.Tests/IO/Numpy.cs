using System.Diagnostics;
using System.Globalization;

namespace CoulombGan.Tests.IO;

/// <summary>Runs a short script under /usr/bin/python3 with numpy imported as np; fails the test when numpy is missing.</summary>
internal static class Numpy
{
    public static string Run(string script)
    {
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", "import numpy as np\n" + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(info)!;
        var error = python.StandardError.ReadToEndAsync();
        var output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python3 with numpy is needed (apt-get install python3-numpy): {error.Result}");
        return output.Trim();
    }

    /// <summary>Parses whitespace-separated Python float reprs, which round-trip float64 exactly.</summary>
    public static double[] Doubles(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A Python list literal holding <paramref name="values"/> exactly ("R" round-trip format).</summary>
    public static string List(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
