using CoulombGan.Potential;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Metrics;

/// <summary>Two samples of one batch, <paramref name="First"/> &lt; <paramref name="Second"/>, and their Euclidean distance.</summary>
public sealed record ClosePair(int First, int Second, double Distance);

/// <summary>The training sample nearest to a query: its row index and Euclidean distance.</summary>
public sealed record NearestSample(long Index, double Distance);

/// <summary>What a support estimate is: a point estimate, or a one-sided bound when no batch or every batch held a duplicate.</summary>
public enum SupportBound { Estimate, LowerBound, UpperBound }

/// <param name="Size">Support size S = s(s - 1) / (2 (-ln(1 - p))).</param>
/// <param name="Kind">A point estimate, or a bound (p = 0: lower bound; p = 1: upper bound).</param>
/// <param name="Share">The p put into the formula: the observed duplicate share, or its 95% confidence limit at p = 0 and p = 1.</param>
public sealed record SupportEstimate(double Size, SupportBound Kind, double Share);

/// <summary>One of the closest generated pairs: batch, indices within the batch, distance, and each image's nearest training sample.</summary>
public sealed record DuplicatePair(int Batch, int First, int Second, double Distance, NearestSample FirstNearest, NearestSample SecondNearest);

/// <param name="BatchSize">s, samples per batch.</param>
/// <param name="Batches">B, batches of generated (and of real) samples.</param>
/// <param name="Threshold">A batch holds a duplicate when its closest pair is nearer than this (strictly).</param>
/// <param name="ThresholdCalibrated">True when the threshold is 0.5 x the median of <paramref name="RealClosest"/>.</param>
/// <param name="GeneratedClosest">Closest-pair distance of each generated batch.</param>
/// <param name="RealClosest">Closest-pair distance of each batch of s distinct training samples, for scale.</param>
/// <param name="ClosestPairs">The closest generated pairs over all batches, ascending.</param>
public sealed record BirthdayParadoxResult(
    int BatchSize, int Batches, double Threshold, bool ThresholdCalibrated,
    double[] GeneratedClosest, double[] RealClosest, int BatchesWithDuplicate, double DuplicateShare,
    SupportEstimate Support, IReadOnlyList<DuplicatePair> ClosestPairs);

/// <summary>
/// The birthday-paradox test of Arora and Zhang (2017), as in the Coulomb GAN paper's Figure 3: if batches of s
/// samples from a distribution hold a near-duplicate pair with probability p, a uniform distribution over S items
/// with the same p has S = s(s - 1) / (2 (-ln(1 - p))), because P(no duplicate among s draws) ~= exp(-s(s - 1) / (2S)).
/// Distances are Euclidean between flattened samples (pixels for images), computed in float64 as
/// |a|^2 + |b|^2 - 2 a.b clamped at 0, a chunk of rows at a time.
/// </summary>
public static class BirthdayParadox
{
    public const int DefaultPairs = 8;

    /// <summary>Rows per chunk: 1024 query rows against 4096 training rows is a 32 MB float64 matrix.</summary>
    private const int ChunkRows = 1024;
    private const int TrainingChunkRows = 4096;

    /// <summary>Share of batches beyond the 95% confidence limit used when no batch or every batch held a duplicate.</summary>
    private const double Confidence = 0.05;

    /// <summary>The <paramref name="k"/> closest pairs (i &lt; j) among <paramref name="samples"/> [s, ...], by ascending distance.</summary>
    public static IReadOnlyList<ClosePair> ClosestPairs(Tensor samples, int k = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        using var scope = NewDisposeScope();
        var x = Flatten(samples, nameof(samples));
        long s = x.shape[0];
        if (s < 2) throw new ArgumentException($"closest pairs need at least 2 samples, got {s}", nameof(samples));
        var candidates = new List<ClosePair>();
        for (long start = 0; start < s - 1; start += ChunkRows)
        {
            using var inner = NewDisposeScope();
            long rows = Math.Min(ChunkRows, s - 1 - start);
            var squared = SquaredDistances.Between(x.narrow(0, start, rows), x);
            // Row r is sample start + r: keep only columns j > start + r, so each pair counts once and never with itself.
            var later = ones(rows, s, ScalarType.Bool).triu(start + 1);
            squared = squared.masked_fill(later.logical_not(), double.PositiveInfinity).flatten();
            var (values, indices) = squared.topk((int)Math.Min(k, squared.shape[0]), largest: false, sorted: true);
            var d = values.data<double>().ToArray();
            var flat = indices.data<long>().ToArray();
            for (int n = 0; n < d.Length && double.IsFinite(d[n]); n++)
                candidates.Add(new ClosePair((int)(start + flat[n] / s), (int)(flat[n] % s), Math.Sqrt(d[n])));
        }
        return candidates.OrderBy(p => p.Distance).ThenBy(p => p.First).ThenBy(p => p.Second).Take(k).ToList();
    }

    /// <summary>For each of <paramref name="queries"/> [q, ...], the nearest of <paramref name="training"/> [N, ...] (the first on ties), a chunk of training rows at a time.</summary>
    public static NearestSample[] Nearest(Tensor queries, Tensor training)
    {
        using var scope = NewDisposeScope();
        var q = Flatten(queries, nameof(queries));
        long n = training.shape[0];
        var rows = training.detach().reshape(n, -1);
        if (n < 1 || rows.shape[1] != q.shape[1])
            throw new ArgumentException($"training samples must be [N >= 1, {q.shape[1]}] when flattened, got [{string.Join(", ", rows.shape)}]", nameof(training));
        var best = Enumerable.Repeat(double.PositiveInfinity, (int)q.shape[0]).ToArray();
        var index = new long[best.Length];
        for (long start = 0; start < n; start += TrainingChunkRows)
        {
            using var inner = NewDisposeScope();
            var chunk = rows.narrow(0, start, Math.Min(TrainingChunkRows, n - start)).to(ScalarType.Float64, CPU);
            var (values, indices) = SquaredDistances.Between(q, chunk).min(1);
            var d = values.data<double>().ToArray();
            var at = indices.data<long>().ToArray();
            for (int i = 0; i < best.Length; i++)
                if (d[i] < best[i]) (best[i], index[i]) = (d[i], start + at[i]);
        }
        return best.Select((d, i) => new NearestSample(index[i], Math.Sqrt(d))).ToArray();
    }

    /// <summary>
    /// Support size from <paramref name="withDuplicate"/> of <paramref name="batches"/> batches of
    /// <paramref name="batchSize"/> holding a duplicate: S = s(s - 1) / (2 (-ln(1 - p))), p = withDuplicate / batches.
    /// At p = 0 this is a lower bound, with p the 95% upper confidence limit 1 - 0.05^(1/B); at p = 1 an upper
    /// bound, with p the 95% lower confidence limit 0.05^(1/B).
    /// </summary>
    public static SupportEstimate EstimateSupport(int batchSize, int batches, int withDuplicate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        if (withDuplicate < 0 || withDuplicate > batches)
            throw new ArgumentOutOfRangeException(nameof(withDuplicate), $"{withDuplicate} batches with a duplicate out of {batches}");
        var (p, kind) = withDuplicate switch
        {
            0 => (1 - Math.Pow(Confidence, 1.0 / batches), SupportBound.LowerBound),
            _ when withDuplicate == batches => (Math.Pow(Confidence, 1.0 / batches), SupportBound.UpperBound),
            _ => ((double)withDuplicate / batches, SupportBound.Estimate),
        };
        return new SupportEstimate((double)batchSize * (batchSize - 1) / (2 * -Math.Log(1 - p)), kind, p);
    }

    /// <summary>The default threshold: half the median closest-pair distance of batches of real samples.</summary>
    public static double CalibratedThreshold(IReadOnlyList<double> realClosest) => 0.5 * Median(realClosest);

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("the median of no values", nameof(values));
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// Runs the test on <paramref name="generated"/> [B s, ...], read as B consecutive batches of
    /// <paramref name="batchSize"/>. B batches of s distinct training samples, drawn with <paramref name="random"/>,
    /// give the real closest-pair distances; without a <paramref name="threshold"/>, half their median is the threshold.
    /// The <paramref name="pairs"/> closest generated pairs come with each image's nearest training sample.
    /// </summary>
    public static BirthdayParadoxResult Compute(Tensor generated, int batchSize, Tensor training, Generator random, double? threshold = null, int pairs = DefaultPairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        if (threshold is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold {threshold} must be a distance >= 0");
        long count = generated.shape[0], n = training.shape[0];
        if (count < batchSize || count % batchSize != 0)
            throw new ArgumentException($"{count} generated samples are not a whole number of batches of {batchSize}", nameof(generated));
        if (n < batchSize) throw new ArgumentException($"{n} training samples are fewer than a batch of {batchSize}", nameof(training));
        int batches = (int)(count / batchSize);

        var generatedClosest = new double[batches];
        var realClosest = new double[batches];
        var candidates = new List<(int Batch, ClosePair Pair)>();
        for (int b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            var closest = ClosestPairs(generated.narrow(0, (long)b * batchSize, batchSize), pairs);
            generatedClosest[b] = closest[0].Distance;
            candidates.AddRange(closest.Select(p => (b, p)));
            var chosen = randperm(n, generator: random).narrow(0, 0, batchSize);
            realClosest[b] = ClosestPairs(training.index_select(0, chosen))[0].Distance;
        }
        double limit = threshold ?? CalibratedThreshold(realClosest);
        int withDuplicate = generatedClosest.Count(d => d < limit);

        var shown = candidates.OrderBy(c => c.Pair.Distance).ThenBy(c => c.Batch).Take(pairs).ToList();
        using var indices = tensor(shown.SelectMany(c => new long[] { (long)c.Batch * batchSize + c.Pair.First, (long)c.Batch * batchSize + c.Pair.Second }).ToArray());
        using var images = generated.index_select(0, indices);
        var nearest = Nearest(images, training);
        var closestPairs = shown.Select((c, i) => new DuplicatePair(c.Batch, c.Pair.First, c.Pair.Second, c.Pair.Distance, nearest[2 * i], nearest[2 * i + 1])).ToList();
        return new BirthdayParadoxResult(batchSize, batches, limit, threshold is null, generatedClosest, realClosest, withDuplicate,
            (double)withDuplicate / batches, EstimateSupport(batchSize, batches, withDuplicate), closestPairs);
    }

    /// <summary>[s, ...] samples as a float64 CPU tensor [s, D].</summary>
    private static Tensor Flatten(Tensor samples, string name)
    {
        if (samples.dim() < 2) throw new ArgumentException($"{name} must be [s, ...], got [{string.Join(", ", samples.shape)}]", name);
        return samples.detach().to(ScalarType.Float64, CPU).reshape(samples.shape[0], -1);
    }
}
