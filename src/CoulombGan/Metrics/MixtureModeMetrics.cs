namespace CoulombGan.Metrics;

/// <summary>Mode coverage of samples from a 2-D Gaussian mixture with equal, isotropic components.</summary>
/// <param name="HighQualityShare">Share of samples within 3 standard deviations of their nearest centre.</param>
/// <param name="ModesCaptured">Components that are the nearest centre of at least the capture threshold of high-quality samples.</param>
/// <param name="ModeCount">Number of components.</param>
/// <param name="ModeKl">KL(histogram of high-quality samples over components || mixture weights), in nats.</param>
/// <param name="SpreadRatios">Per component: the std of its high-quality samples (root mean per-axis variance) over the true std; NaN with fewer than 2 samples.</param>
public sealed record MixtureModeReport(double HighQualityShare, int ModesCaptured, int ModeCount, double ModeKl, double[] SpreadRatios, int Samples)
{
    public double MinSpreadRatio => SpreadRatios.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
    public double MaxSpreadRatio => SpreadRatios.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
}

public static class MixtureModeMetrics
{
    /// <param name="samples">Points as [x0, y0, x1, y1, ...].</param>
    /// <param name="captureThreshold">High-quality samples a component needs to count as captured.</param>
    public static MixtureModeReport Evaluate(ReadOnlySpan<float> samples, IReadOnlyList<(double X, double Y)> centres, double standardDeviation, IReadOnlyList<double> weights, int captureThreshold = 10)
    {
        if (samples.Length % 2 != 0) throw new ArgumentException("samples must hold (x, y) pairs");
        int n = samples.Length / 2, k = centres.Count;
        var counts = new int[k];
        var sums = new double[k, 2];
        var squares = new double[k];
        int highQuality = 0;
        for (int i = 0; i < n; i++)
        {
            double x = samples[2 * i], y = samples[2 * i + 1];
            int nearest = 0;
            double best = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double d2 = (x - centres[c].X) * (x - centres[c].X) + (y - centres[c].Y) * (y - centres[c].Y);
                if (d2 < best) { best = d2; nearest = c; }
            }
            if (Math.Sqrt(best) > 3 * standardDeviation) continue;
            highQuality++;
            counts[nearest]++;
            sums[nearest, 0] += x;
            sums[nearest, 1] += y;
            squares[nearest] += x * x + y * y;
        }
        double kl = 0;
        for (int c = 0; c < k; c++)
        {
            if (counts[c] == 0 || highQuality == 0) continue;
            double p = (double)counts[c] / highQuality;
            kl += p * Math.Log(p / weights[c]);
        }
        var spreads = new double[k];
        for (int c = 0; c < k; c++)
        {
            int m = counts[c];
            if (m < 2) { spreads[c] = double.NaN; continue; }
            double mx = sums[c, 0] / m, my = sums[c, 1] / m;
            double variance = (squares[c] - m * (mx * mx + my * my)) / (m - 1) / 2;
            spreads[c] = Math.Sqrt(Math.Max(variance, 0)) / standardDeviation;
        }
        return new MixtureModeReport(n == 0 ? 0 : (double)highQuality / n, counts.Count(c => c >= captureThreshold), k, highQuality == 0 ? double.NaN : kl, spreads, n);
    }
}
