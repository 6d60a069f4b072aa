using CoulombGan.IO;
using ScottPlot;

namespace CoulombGan.Pictures;

/// <summary>Shared pieces of the ScottPlot pictures: colours, sample validation, atomic PNG save.</summary>
internal static class PlotSupport
{
    /// <summary>Real samples are blue and generated samples red, as in the paper's Figure 1.</summary>
    public static readonly Color RealColor = Color.FromHex("#1F4FD8");
    public static readonly Color GeneratedColor = Color.FromHex("#E0301E");

    /// <summary>Splits an [n, 2] sample array into x and y columns.</summary>
    public static (double[] xs, double[] ys) Columns(float[,] samples, string name)
    {
        ArgumentNullException.ThrowIfNull(samples, name);
        if (samples.GetLength(1) != 2)
        {
            throw new ArgumentException(
                $"{name} must have shape [n, 2] (one 2-D point per row) but has {samples.GetLength(1)} columns.", name);
        }

        int n = samples.GetLength(0);
        var xs = new double[n];
        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = samples[i, 0];
            ys[i] = samples[i, 1];
        }

        return (xs, ys);
    }

    public static void RequireSize(int size, string name = "size")
    {
        if (size < 100 || size > 10_000)
        {
            throw new ArgumentException($"{name} must be between 100 and 10000 pixels but was {size}.", name);
        }
    }

    /// <summary>Adds small semi-transparent round markers with a legend entry; nothing for no points.</summary>
    public static void AddPoints(Plot plot, double[] xs, double[] ys, Color color, string label, float markerSize, float alpha)
    {
        if (xs.Length == 0) return;
        var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, markerSize, color.WithAlpha(alpha));
        markers.LegendText = label;
    }

    public static void SavePng(Plot plot, string path, int width, int height)
    {
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }
}
