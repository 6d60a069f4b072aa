using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>All feature-space metrics of generated against real features.</summary>
public sealed record FeatureComparison(
    double FrechetDistance,
    KernelInceptionDistanceResult Kid,
    PrecisionRecallResult PrecisionRecall,
    DensityCoverageResult DensityCoverage,
    string? Warning);

/// <summary>Runs the feature-space metrics of this folder on two feature sets [N, D] and [M, D].</summary>
public static class FeatureComparisons
{
    /// <summary>
    /// The name of a Frechet distance that states its protocol: "fid_N" with the FID Inception, "fd_&lt;features&gt;_N"
    /// otherwise (e.g. "fd_classifier_10000"), N generated samples.
    /// </summary>
    public static string FrechetKey(IFeatureExtractor features, int samples) =>
        features.Name == "inception" ? $"fid_{samples}" : $"fd_{features.Name}_{samples}";

    /// <summary>Mean and covariance of features [N, D], accumulated in float64.</summary>
    public static FeatureStatistics Statistics(Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException($"features must be [N, D]; got [{string.Join(", ", features.shape)}]", nameof(features));
        var statistics = new FeatureStatistics((int)features.shape[1]);
        try
        {
            for (long start = 0; start < features.shape[0]; start += 4096)
            {
                using var chunk = features.narrow(0, start, Math.Min(4096, features.shape[0] - start));
                statistics.Add(chunk);
            }
            statistics.Finish();
            return statistics;
        }
        catch
        {
            statistics.Dispose();
            throw;
        }
    }

    /// <summary>Frechet distance, KID, improved precision/recall and density/coverage of <paramref name="generated"/> against <paramref name="real"/>.</summary>
    public static FeatureComparison Compare(Tensor real, Tensor generated, int kidSubsets = KernelInceptionDistance.DefaultSubsets,
        int kidSubsetSize = KernelInceptionDistance.DefaultSubsetSize, int seed = 0)
    {
        using var realStatistics = Statistics(real);
        using var generatedStatistics = Statistics(generated);
        double fd = FrechetDistance.Compute(realStatistics, generatedStatistics);
        var kid = KernelInceptionDistance.Compute(real, generated, kidSubsets, kidSubsetSize, seed);
        var pr = PrecisionRecall.Compute(real, generated);
        var dc = DensityCoverage.Compute(real, generated);
        var warnings = new[] { realStatistics.Warning, generatedStatistics.Warning, kid.Warning }.Where(w => w is not null).Distinct();
        var warning = string.Join("; ", warnings);
        return new FeatureComparison(fd, kid, pr, dc, warning.Length == 0 ? null : warning);
    }
}

/// <summary>
/// How generated samples spread over classes: counts and shares per predicted class, the KL divergence
/// KL(generated shares || reference shares) in nats (over classes with generated samples), and the classes covered,
/// i.e. predicted for at least <see cref="CoverThreshold"/> samples.
/// </summary>
public sealed record ClassHistogram(long[] Counts, double[] Shares, double[] ReferenceShares, double Kl, int ClassesCovered, int CoverThreshold)
{
    /// <param name="predicted">Predicted class of each generated sample, int64 [N] in 0..classCount-1.</param>
    /// <param name="referenceLabels">Labels of the reference (training) set, int64 [M].</param>
    public static ClassHistogram Compute(Tensor predicted, Tensor referenceLabels, int classCount, int coverThreshold = 10)
    {
        var counts = Count(predicted, classCount);
        var reference = Count(referenceLabels, classCount);
        long n = counts.Sum(), m = reference.Sum();
        if (n == 0 || m == 0) throw new ArgumentException("both the predictions and the reference labels must be non-empty");
        var shares = counts.Select(c => (double)c / n).ToArray();
        var referenceShares = reference.Select(c => (double)c / m).ToArray();
        double kl = 0;
        for (int c = 0; c < classCount; c++)
        {
            if (shares[c] == 0) continue;
            kl += referenceShares[c] == 0 ? double.PositiveInfinity : shares[c] * Math.Log(shares[c] / referenceShares[c]);
        }
        return new ClassHistogram(counts, shares, referenceShares, kl, counts.Count(c => c >= coverThreshold), coverThreshold);
    }

    private static long[] Count(Tensor labels, int classCount)
    {
        var counts = new long[classCount];
        foreach (var label in labels.to_type(ScalarType.Int64).cpu().data<long>())
        {
            if (label < 0 || label >= classCount) throw new ArgumentException($"class {label} outside 0..{classCount - 1}");
            counts[label]++;
        }
        return counts;
    }
}
