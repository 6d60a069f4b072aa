using CoulombGan.Potential;
using ScottPlot;

namespace CoulombGan.Pictures;

/// <summary>
/// The paper's Figure 1: the potential as background colour, the field E = -grad Potential as
/// arrows, and real (blue) and generated (red) samples on top.
/// </summary>
/// <remarks>
/// The background uses a diverging purple-white-green colormap whose range is symmetric about
/// zero, so white is zero potential, green is positive (real data dominates) and purple negative
/// (generated data dominates); a colour bar below the plot gives the scale.
/// <para>
/// Arrows are drawn on a sub-grid of at most <see cref="MaxArrowsPerAxis"/> points per axis,
/// centred on their grid point and pointing along E. Field magnitudes span orders of magnitude
/// near samples, so arrow length grows with the logarithm of |E|: with t = 1 + log10(|E| / max|E|) / 3
/// clamped to [0, 1], the length is 0.9 · cell · (0.25 + 0.75 t), where cell is the sub-grid
/// spacing. The strongest arrow nearly fills its cell, one three decades weaker (or less) is a
/// quarter of that, and every non-zero field still shows its direction. Zero or non-finite field
/// values draw no arrow.
/// </para>
/// <para>
/// The arrows show the map's field as given. For E = −∇Φ (Eq. 6) they point away from real
/// samples; generated samples, being negative charges, move along −E (velocity sign(ρ)·E), i.e.
/// against the arrows and up the potential towards the real data.
/// </para>
/// </remarks>
public static class FieldPicture
{
    /// <summary>Most arrows drawn along each axis.</summary>
    public const int MaxArrowsPerAxis = 20;

    /// <summary>Decades of |E| below the strongest arrow over which arrow length still grows.</summary>
    public const double ArrowDecades = 3;

    /// <summary>Diverging colormap, low (negative) to high (positive): purple, white, green.</summary>
    internal static readonly IColormap PotentialColormap = new ScottPlot.Colormaps.CustomInterpolated(
    [
        Color.FromHex("#5B1A7A"),
        Color.FromHex("#B57BC9"),
        Color.FromHex("#F7F7F7"),
        Color.FromHex("#8CC98A"),
        Color.FromHex("#1D6B2A"),
    ]);

    // Fixed margins (left, right, bottom, top) that keep the data area square in a square image,
    // with room for the horizontal colour bar below the axis.
    private static PixelPadding Margins => new(70, 90, 120, 40);

    public static void Write(
        string path, FieldMap map, float[,] real, float[,] generated, string title, int size = 800)
    {
        ArgumentNullException.ThrowIfNull(map);
        var (realX, realY) = PlotSupport.Columns(real, nameof(real));
        var (generatedX, generatedY) = PlotSupport.Columns(generated, nameof(generated));
        PlotSupport.RequireSize(size);

        int nx = map.Xs.Length, ny = map.Ys.Length;
        double dx = (map.Xs[^1] - map.Xs[0]) / (nx - 1);
        double dy = (map.Ys[^1] - map.Ys[0]) / (ny - 1);
        double left = map.Xs[0] - dx / 2, right = map.Xs[^1] + dx / 2;
        double bottom = map.Ys[0] - dy / 2, top = map.Ys[^1] + dy / 2;

        using var plot = new Plot();
        plot.Title(title ?? string.Empty);

        var heatmap = plot.Add.Heatmap(map.Potential);
        heatmap.Colormap = PotentialColormap;
        // Potential[j, i] has row 0 at the lowest y; ScottPlot draws row 0 at the top unless flipped.
        heatmap.FlipVertically = true;
        heatmap.Smooth = true;
        heatmap.Extent = new CoordinateRect(left, right, bottom, top);
        double extreme = MaxAbs(map.Potential);
        heatmap.ManualRange = new ScottPlot.Range(-extreme, extreme);

        var colorBar = plot.Add.ColorBar(heatmap, Edge.Bottom);
        colorBar.Label = "potential Φ  (> 0: real data dominates, < 0: generated)";

        AddArrows(plot, map, dx, dy);
        AddOutlinedPoints(plot, realX, realY, PlotSupport.RealColor, "real");
        AddOutlinedPoints(plot, generatedX, generatedY, PlotSupport.GeneratedColor, "generated");
        if (realX.Length + generatedX.Length > 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.Axes.SetLimits(left, right, bottom, top);
        plot.Layout.Fixed(Margins);
        PlotSupport.SavePng(plot, path, size, size);
    }

    private static void AddArrows(Plot plot, FieldMap map, double dx, double dy)
    {
        int nx = map.Xs.Length, ny = map.Ys.Length;
        int stride = Math.Max(1, (int)Math.Ceiling(Math.Max(nx, ny) / (double)MaxArrowsPerAxis));
        double cell = stride * Math.Min(dx, dy);

        var arrows = new List<(double x, double y, double ex, double ey, double magnitude)>();
        for (int j = stride / 2; j < ny; j += stride)
        {
            for (int i = stride / 2; i < nx; i += stride)
            {
                double ex = map.FieldX[j, i], ey = map.FieldY[j, i];
                double magnitude = Math.Sqrt(ex * ex + ey * ey);
                if (magnitude > 0 && double.IsFinite(magnitude))
                {
                    arrows.Add((map.Xs[i], map.Ys[j], ex, ey, magnitude));
                }
            }
        }

        if (arrows.Count == 0) return;
        double strongest = arrows.Max(a => a.magnitude);
        foreach (var (x, y, ex, ey, magnitude) in arrows)
        {
            double t = Math.Clamp(1 + Math.Log10(magnitude / strongest) / ArrowDecades, 0, 1);
            double half = 0.5 * 0.9 * cell * (0.25 + 0.75 * t) / magnitude;
            var arrow = plot.Add.Arrow(x - ex * half, y - ey * half, x + ex * half, y + ey * half);
            var color = Colors.Black.WithAlpha(0.75);
            arrow.ArrowLineColor = color;
            arrow.ArrowFillColor = color;
            arrow.ArrowLineWidth = 0;
            arrow.ArrowWidth = 1.5f;
            arrow.ArrowheadWidth = 7;
            arrow.ArrowheadLength = 7;
            arrow.ArrowheadAxisLength = 7;
        }
    }

    private static void AddOutlinedPoints(Plot plot, double[] xs, double[] ys, Color color, string label)
    {
        if (xs.Length == 0) return;
        var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 6, color.WithAlpha(0.85));
        markers.MarkerLineColor = Colors.White;
        markers.MarkerLineWidth = 0.75f;
        markers.LegendText = label;
    }

    private static double MaxAbs(double[,] values)
    {
        double extreme = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v)) extreme = Math.Max(extreme, Math.Abs(v));
        }

        return extreme > 0 ? extreme : 1;
    }
}
