using ScottPlot;

namespace CoulombGan.Pictures;

/// <summary>
/// A square 2-D scatter plot of real samples (blue) against generated samples (red), with
/// small semi-transparent markers, a legend and equal units on both axes.
/// </summary>
public static class ScatterPicture
{
    /// <param name="path">PNG file to write; parent directories are created.</param>
    /// <param name="real">Real samples, shape [n, 2].</param>
    /// <param name="generated">Generated samples, shape [m, 2].</param>
    /// <param name="title">Plot title.</param>
    /// <param name="axisRange">Shared range of both axes; null fits the data. For the
    /// 25-Gaussian toy data, about (-26, 26).</param>
    /// <param name="size">Width and height of the image in pixels.</param>
    public static void Write(
        string path, float[,] real, float[,] generated, string title,
        (double min, double max)? axisRange = null, int size = 800)
    {
        var (realX, realY) = PlotSupport.Columns(real, nameof(real));
        var (generatedX, generatedY) = PlotSupport.Columns(generated, nameof(generated));
        PlotSupport.RequireSize(size);
        if (axisRange is { } range && !(range.min < range.max))
        {
            throw new ArgumentException(
                $"axisRange must have min < max but was ({range.min}, {range.max}).", nameof(axisRange));
        }

        using var plot = new Plot();
        plot.Title(title ?? string.Empty);
        PlotSupport.AddPoints(plot, realX, realY, PlotSupport.RealColor, "real", 4, 0.45f);
        PlotSupport.AddPoints(plot, generatedX, generatedY, PlotSupport.GeneratedColor, "generated", 4, 0.45f);
        if (realX.Length + generatedX.Length > 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        var (min, max) = axisRange ?? FitRange(realX, realY, generatedX, generatedY);
        plot.Axes.SetLimits(min, max, min, max);
        // A fixed, symmetric padding makes the data area square, so equal limits give equal units.
        plot.Layout.Fixed(new PixelPadding(60, 30, 50, 40));
        PlotSupport.SavePng(plot, path, size, size);
    }

    /// <summary>One range covering every coordinate, widened by 5 % on each side.</summary>
    private static (double min, double max) FitRange(params double[][] columns)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var column in columns)
        {
            foreach (double v in column)
            {
                if (!double.IsFinite(v)) continue;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (!(min <= max)) return (-1, 1);
        if (min == max) return (min - 1, max + 1);
        double margin = 0.05 * (max - min);
        return (min - margin, max + margin);
    }
}
