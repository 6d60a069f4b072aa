using CoulombGan.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Tests.Metrics;

public sealed class BirthdayParadoxTests
{
    private static double[,] Gaussian(int n, int d, int seed)
    {
        var random = new Random(seed);
        var x = new double[n, d];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++)
            x[i, j] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return x;
    }

    private static double Distance(double[,] x, int a, int b)
    {
        double sum = 0;
        for (int j = 0; j < x.GetLength(1); j++) sum += (x[a, j] - x[b, j]) * (x[a, j] - x[b, j]);
        return Math.Sqrt(sum);
    }

    [Fact]
    public void Closest_pairs_equal_a_brute_force_search()
    {
        var x = Gaussian(300, 12, seed: 5);
        var expected = new List<(int, int, double)>();
        for (int i = 0; i < 300; i++)
        for (int j = i + 1; j < 300; j++)
            expected.Add((i, j, Distance(x, i, j)));
        expected = expected.OrderBy(p => p.Item3).Take(10).ToList();

        using var samples = tensor(x).to(ScalarType.Float32).reshape(300, 3, 4); // flattened by the search
        using var exact = tensor(x);
        foreach (var (input, tolerance) in new[] { (samples, 1e-5), (exact, 1e-10) })
        {
            var pairs = BirthdayParadox.ClosestPairs(input, 10);
            Assert.Equal(10, pairs.Count);
            for (int n = 0; n < 10; n++)
            {
                Assert.Equal((expected[n].Item1, expected[n].Item2), (pairs[n].First, pairs[n].Second));
                Assert.Equal(expected[n].Item3, pairs[n].Distance, tolerance);
            }
        }
    }

    [Fact]
    public void Closest_pairs_span_chunks_and_stop_at_all_pairs()
    {
        // 1500 samples: rows 0..1023 are one chunk, the rest another; the nearest pair straddles them.
        var x = Gaussian(1500, 4, seed: 6);
        for (int j = 0; j < 4; j++) x[1400, j] = x[3, j] + 1e-3;
        using var samples = tensor(x);
        var closest = BirthdayParadox.ClosestPairs(samples)[0];
        Assert.Equal((3, 1400), (closest.First, closest.Second));
        Assert.Equal(2e-3, closest.Distance, 1e-9);

        using var three = tensor(new double[,] { { 0 }, { 1 }, { 3 } });
        var all = BirthdayParadox.ClosestPairs(three, 10);
        Assert.Equal([(0, 1, 1.0), (1, 2, 2.0), (0, 2, 3.0)], all.Select(p => (p.First, p.Second, p.Distance)));
    }

    [Fact]
    public void Nearest_training_sample_equals_a_brute_force_search()
    {
        var training = Gaussian(9000, 6, seed: 7); // three chunks of 4096 rows
        var queries = Gaussian(5, 6, seed: 8);
        using var t = tensor(training).to(ScalarType.Float32);
        using var q = tensor(queries).to(ScalarType.Float32);
        var nearest = BirthdayParadox.Nearest(q, t);
        // The search sees the float32 values: the brute force uses the same values, in double.
        var trainingF = t.to(ScalarType.Float64).data<double>().ToArray();
        var queriesF = q.to(ScalarType.Float64).data<double>().ToArray();
        for (int i = 0; i < 5; i++)
        {
            var (index, best) = (-1, double.PositiveInfinity);
            for (int r = 0; r < 9000; r++)
            {
                double sum = 0;
                for (int j = 0; j < 6; j++) sum += Math.Pow(queriesF[i * 6 + j] - trainingF[r * 6 + j], 2);
                if (sum < best) (index, best) = (r, sum);
            }
            Assert.Equal(index, nearest[i].Index);
            Assert.Equal(Math.Sqrt(best), nearest[i].Distance, 1e-9);
        }
    }

    [Fact]
    public void Planted_duplicate_is_the_closest_pair_and_its_nearest_training_row_is_the_planted_row()
    {
        // A batch of 64 training rows with small noise, except rows 10 and 41, which are both exact copies of training row 777.
        var training = Gaussian(2000, 50, seed: 9);
        var noise = new Random(10);
        var batch = new double[64, 50];
        for (int i = 0; i < 64; i++)
        for (int j = 0; j < 50; j++)
            batch[i, j] = i is 10 or 41 ? training[777, j] : training[100 + i, j] + 0.05 * (noise.NextDouble() - 0.5);
        using var t = tensor(training).to(ScalarType.Float32).reshape(2000, 2, 5, 5);
        using var b = tensor(batch).to(ScalarType.Float32).reshape(64, 2, 5, 5);

        var closest = BirthdayParadox.ClosestPairs(b, 2);
        Assert.Equal((10, 41), (closest[0].First, closest[0].Second));
        Assert.Equal(0, closest[0].Distance, 1e-6); // the matmul form leaves rounding of about 1e-14 in the square
        Assert.True(closest[1].Distance > 1, $"second pair at {closest[1].Distance}");

        using var generator = new torch.Generator(3);
        var result = BirthdayParadox.Compute(b, 64, t, generator, threshold: 0.5, pairs: 1);
        var pair = Assert.Single(result.ClosestPairs);
        Assert.Equal((0, 10, 41), (pair.Batch, pair.First, pair.Second));
        foreach (var nearest in new[] { pair.FirstNearest, pair.SecondNearest })
        {
            Assert.Equal(777, nearest.Index);
            Assert.Equal(0, nearest.Distance, 1e-6);
        }
        Assert.Equal(1, result.BatchesWithDuplicate);
        Assert.Equal(SupportBound.UpperBound, result.Support.Kind);
    }

    [Fact]
    public void Support_estimate_recovers_the_size_of_a_uniform_distribution()
    {
        const int s = 256, S = 40_000, batches = 2000;
        var random = new Random(12);
        int withDuplicate = 0;
        for (int b = 0; b < batches; b++)
        {
            var seen = new HashSet<int>();
            bool duplicate = false;
            for (int i = 0; i < s; i++) duplicate |= !seen.Add(random.Next(S));
            if (duplicate) withDuplicate++;
        }

        // The exact probability of a duplicate, prod (1 - i/S), against the closed form 1 - exp(-s(s-1)/(2S)).
        double none = 1;
        for (int i = 0; i < s; i++) none *= 1 - (double)i / S;
        double exact = 1 - none, closed = 1 - Math.Exp(-(double)s * (s - 1) / (2.0 * S));
        Assert.Equal(exact, closed, 1e-3);

        double p = (double)withDuplicate / batches, standardError = Math.Sqrt(closed * (1 - closed) / batches);
        Assert.InRange(p, closed - 4 * standardError, closed + 4 * standardError);

        // 4 standard errors of p, carried through S(p) = s(s-1) / (2 (-ln(1-p))): S'(p) = -S / ((1-p) (-ln(1-p))).
        var estimate = BirthdayParadox.EstimateSupport(s, batches, withDuplicate);
        Assert.Equal(SupportBound.Estimate, estimate.Kind);
        Assert.Equal(p, estimate.Share);
        double slope = S / ((1 - closed) * -Math.Log(1 - closed));
        Assert.InRange(estimate.Size, S - 4 * slope * standardError, S + 4 * slope * standardError);
    }

    [Fact]
    public void No_duplicates_give_a_lower_bound_and_duplicates_everywhere_an_upper_bound()
    {
        // B = 10: 95% limits 1 - 0.05^(1/10) = 0.2589 and 0.05^(1/10) = 0.7411.
        var lower = BirthdayParadox.EstimateSupport(1024, 10, 0);
        Assert.Equal(SupportBound.LowerBound, lower.Kind);
        Assert.Equal(0.258866, lower.Share, 1e-6);
        Assert.Equal(1024.0 * 1023 / (2 * 0.299573), lower.Size, 1e-5 * lower.Size);

        var upper = BirthdayParadox.EstimateSupport(1024, 10, 10);
        Assert.Equal(SupportBound.UpperBound, upper.Kind);
        Assert.Equal(0.741134, upper.Share, 1e-6);
        Assert.Equal(1024.0 * 1023 / (2 * 1.351446), upper.Size, 1e-5 * upper.Size);

        // Half the batches: S = s(s-1) / (2 ln 2), the paper's "about 50% at s = 1024 means about 1M" (here 755,649).
        var half = BirthdayParadox.EstimateSupport(1024, 10, 5);
        Assert.Equal(SupportBound.Estimate, half.Kind);
        Assert.Equal(1024.0 * 1023 / (2 * Math.Log(2)), half.Size, 1e-6);
    }

    [Fact]
    public void Calibrated_threshold_is_half_the_median_of_the_real_closest_pairs()
    {
        Assert.Equal(1.5, BirthdayParadox.CalibratedThreshold([5, 1, 3]));
        Assert.Equal(1.25, BirthdayParadox.CalibratedThreshold([4, 1, 3, 2]));

        // Three real batches of 2: the closest-pair distance of a batch of two is their distance, so the
        // threshold is half the median over the drawn pairs; a generated batch at distance 0 is a duplicate.
        using var training = tensor(new double[,] { { 0 }, { 10 }, { 30 }, { 70 } });
        using var generated = tensor(new double[,] { { 1 }, { 1 }, { 0 }, { 100 }, { 5 }, { 6 } });
        using var generator = new torch.Generator(1);
        var result = BirthdayParadox.Compute(generated, 2, training, generator, pairs: 2);
        Assert.True(result.ThresholdCalibrated);
        Assert.Equal(3, result.Batches);
        Assert.Equal([0.0, 100.0, 1.0], result.GeneratedClosest);
        Assert.All(result.RealClosest, d => Assert.Contains(d, new double[] { 10, 20, 30, 40, 60, 70 }));
        Assert.Equal(0.5 * result.RealClosest.Order().ElementAt(1), result.Threshold);
        Assert.Equal(2, result.BatchesWithDuplicate); // 0 and 1 are below any threshold >= 5
        Assert.Equal(2.0 / 3, result.DuplicateShare);
        Assert.Equal([(0, 0.0), (2, 1.0)], result.ClosestPairs.Select(p => (p.Batch, p.Distance)));
        Assert.Equal(new NearestSample(0, 1), result.ClosestPairs[0].FirstNearest);
    }
}
