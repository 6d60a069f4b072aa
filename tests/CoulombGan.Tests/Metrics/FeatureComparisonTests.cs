using CoulombGan.Metrics;
using TorchSharp;

namespace CoulombGan.Tests.Metrics;

public sealed class FeatureComparisonTests
{
    [Fact]
    public void Class_histogram_kl_and_coverage_match_hand_computed_values()
    {
        // 3 classes; generated: 6 x class 0, 2 x class 1, 0 x class 2; reference: uniform over the three.
        using var predicted = torch.tensor(new long[] { 0, 0, 1, 0, 0, 1, 0, 0 });
        using var reference = torch.tensor(new long[] { 0, 1, 2, 2, 1, 0 });
        var histogram = ClassHistogram.Compute(predicted, reference, classCount: 3, coverThreshold: 2);
        Assert.Equal(new long[] { 6, 2, 0 }, histogram.Counts);
        double expected = 0.75 * Math.Log(0.75 * 3) + 0.25 * Math.Log(0.25 * 3);
        Assert.Equal(expected, histogram.Kl, 12);
        Assert.Equal(2, histogram.ClassesCovered);
        Assert.Equal(0, ClassHistogram.Compute(reference, reference, 3).Kl, 12);
    }

    [Fact]
    public void A_feature_set_compared_with_itself_scores_as_identical()
    {
        using var features = torch.randn([300, 4], generator: new torch.Generator(5));
        var comparison = FeatureComparisons.Compare(features, features, kidSubsets: 10, kidSubsetSize: 100);
        Assert.Equal(0, comparison.FrechetDistance, 9);
        Assert.Equal(1, comparison.PrecisionRecall.Precision);
        Assert.Equal(1, comparison.PrecisionRecall.Recall);
        Assert.Equal(1, comparison.DensityCoverage.Coverage);
        Assert.Null(comparison.Warning);
    }

    [Fact]
    public void Shifted_gaussian_features_have_the_squared_shift_as_frechet_distance()
    {
        using var real = torch.randn([4000, 3], generator: new torch.Generator(6), dtype: torch.ScalarType.Float64);
        using var shifted = real + 2.0;
        using var a = FeatureComparisons.Statistics(real);
        using var b = FeatureComparisons.Statistics(shifted);
        // Same covariance, means 2 apart in each of 3 coordinates: FD = 3 * 2^2.
        Assert.Equal(12, FrechetDistance.Compute(a, b), 6);
    }
}
