using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CoulombGan.Pictures;

/// <summary>Line plots of training metrics (losses, distances) over training steps.</summary>
public static class CurvePicture
{
    /// <param name="path">PNG file to write; parent directories are created.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">Label of the horizontal axis, e.g. "step".</param>
    /// <param name="series">One line per entry; x and y must have equal lengths.</param>
    /// <param name="logY">Log-scale vertical axis. Points with y ≤ 0 (or not finite) cannot be
    /// drawn on it and are left out.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void Write(
        string path, string title, string xLabel,
        IReadOnlyList<(string name, double[] x, double[] y)> series, bool logY = false,
        int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(series);
        PlotSupport.RequireSize(width, nameof(width));
        PlotSupport.RequireSize(height, nameof(height));
        for (int s = 0; s < series.Count; s++)
        {
            var (name, x, y) = series[s];
            if (x is null || y is null)
            {
                throw new ArgumentException($"series {s} ('{name}') has a null x or y array.", nameof(series));
            }

            if (x.Length != y.Length)
            {
                throw new ArgumentException(
                    $"series {s} ('{name}') has {x.Length} x values but {y.Length} y values.", nameof(series));
            }
        }

        using var plot = new Plot();
        plot.Title(title ?? string.Empty);
        plot.XLabel(xLabel ?? string.Empty);
        bool anyLine = false;
        foreach (var (name, x, y) in series)
        {
            var (xs, ys) = logY ? Log10OfPositive(x, y) : (x, y);
            if (xs.Length == 0) continue;
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = name ?? string.Empty;
            line.LineWidth = 1.5f;
            line.MarkerSize = xs.Length == 1 ? 5 : 0;
            anyLine = true;
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                MinorTickGenerator = new LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = exponent => Math.Pow(10, exponent).ToString("G3", CultureInfo.InvariantCulture),
            };
        }

        if (anyLine)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        PlotSupport.SavePng(plot, path, width, height);
    }

    private static (double[] xs, double[] ys) Log10OfPositive(double[] x, double[] y)
    {
        var xs = new List<double>(x.Length);
        var ys = new List<double>(y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (y[i] > 0 && double.IsFinite(y[i]) && double.IsFinite(x[i]))
            {
                xs.Add(x[i]);
                ys.Add(Math.Log10(y[i]));
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }
}
