using CoulombGan.Metrics;

namespace CoulombGan.Tests.Metrics;

/// <summary>Improved precision/recall and density/coverage on point sets small enough to work out by hand.</summary>
public sealed class ManifoldMetricsTests
{
    private static float[,] Line(params float[] points)
    {
        var x = new float[points.Length, 1];
        for (int i = 0; i < points.Length; i++) x[i, 0] = points[i];
        return x;
    }

    [Fact]
    public void Precision_and_recall_with_k_3_on_a_line()
    {
        // Real radii (3rd nearest other point): 0->3, 1->2, 2->2, 3->2, 4->3; real manifold [-3, 7].
        // Generated -3 and 7 sit on its boundary (inside: <=), 6.5 inside, 7.5 and 20 outside: precision 3/5.
        // Generated radii: -3->10.5, 6.5->9.5, 7->10, 7.5->10.5, 20->13.5; manifold [-13.5, 33.5] holds all real: recall 1.
        var result = PrecisionRecall.Compute(Line(0, 1, 2, 3, 4), Line(-3, 6.5f, 7, 7.5f, 20));
        Assert.Equal(0.6, result.Precision, 12);
        Assert.Equal(1.0, result.Recall, 12);
        Assert.Equal(3, result.K);
    }

    [Fact]
    public void Precision_and_recall_with_k_1_on_a_line()
    {
        // Real radii 1: manifold [-1, 2] u [9, 12]; generated 0.5, 1.5 in, 20, 21 out.
        // Generated radii 1: manifold [-0.5, 2.5] u [19, 22]; real 0, 1 in, 10, 11 out.
        var result = PrecisionRecall.Compute(Line(0, 1, 10, 11), Line(0.5f, 1.5f, 20, 21), k: 1);
        Assert.Equal(0.5, result.Precision, 12);
        Assert.Equal(0.5, result.Recall, 12);
    }

    [Fact]
    public void Density_and_coverage_with_k_1_on_a_line()
    {
        // Real radii 1, open balls (-1, 1), (0, 2), (9, 11), (10, 12).
        // Memberships: 0.25 -> 2, 0.5 -> 2, 11.5 -> 1, 30 -> 0; density 5 / (1 * 4).
        // Covered: 0 (by 0.25), 1 (by 0.5), 11 (by 11.5); 10 is 1.5 from 11.5: coverage 3/4.
        var result = DensityCoverage.Compute(Line(0, 1, 10, 11), Line(0.25f, 0.5f, 11.5f, 30), k: 1);
        Assert.Equal(1.25, result.Density, 12);
        Assert.Equal(0.75, result.Coverage, 12);
    }

    [Fact]
    public void Density_and_coverage_with_k_5_on_a_line()
    {
        // Real 0..6, radii (5th nearest other): 5, 4, 3, 3, 3, 4, 5; open balls
        // (-5,5) (-3,5) (-1,5) (0,6) (1,7) (1,9) (1,11).
        // Memberships: -4 -> 1, 5.5 -> 4 (balls of 3, 4, 5, 6), 10 -> 1; density 6 / (5 * 3).
        // Covered: 0 (-4 at 4 < 5), 3, 4, 5, 6 (5.5 within radius); 1 (4.5 vs 4) and 2 (3.5 vs 3) not: 5/7.
        var result = DensityCoverage.Compute(Line(0, 1, 2, 3, 4, 5, 6), Line(-4, 5.5f, 10));
        Assert.Equal(0.4, result.Density, 12);
        Assert.Equal(5.0 / 7, result.Coverage, 12);
        Assert.Equal(5, result.K);
    }

    [Fact]
    public void Points_on_a_ball_boundary_count_for_precision_but_not_for_density()
    {
        // Real 0, 1, 10, 11 with k = 1 have radius 1; generated 2 and 12 lie exactly on the balls of 1 and 11.
        var real = Line(0, 1, 10, 11);
        var generated = Line(2, 12);
        Assert.Equal(1.0, PrecisionRecall.Compute(real, generated, k: 1).Precision, 12);
        var dc = DensityCoverage.Compute(real, generated, k: 1);
        Assert.Equal(0.0, dc.Density, 12);
        Assert.Equal(0.0, dc.Coverage, 12);
    }

    [Fact]
    public void Identical_sets_give_full_precision_recall_and_coverage()
    {
        var x = FeatureStatisticsTests.Features(1500, 6, seed: 31);
        var pr = PrecisionRecall.Compute(x, x);
        Assert.Equal(1.0, pr.Precision, 12);
        Assert.Equal(1.0, pr.Recall, 12);
        Assert.Equal(1.0, DensityCoverage.Compute(x, x).Coverage, 12);
    }

    [Fact]
    public void Far_apart_sets_give_zero()
    {
        var x = FeatureStatisticsTests.Features(50, 4, seed: 32);
        var y = FeatureStatisticsTests.Features(40, 4, seed: 33, offset: 1000);
        var pr = PrecisionRecall.Compute(x, y);
        var dc = DensityCoverage.Compute(x, y);
        Assert.Equal((0.0, 0.0, 0.0, 0.0), (pr.Precision, pr.Recall, dc.Density, dc.Coverage));
    }
}
