using CoulombGan.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Potential;

/// <summary>Potentials and fields of 2-D problems sampled on a square grid (for the paper's Figure 1 picture).</summary>
public static class FieldMaps
{
    /// <summary>The exact minibatch potential Phi of Eq. (8) and its field E = -grad Phi.</summary>
    public static FieldMap OfBatch(BatchPotential potential, double min, double max, int resolution)
    {
        using var scope = NewDisposeScope();
        var points = Grid(min, max, resolution);
        var phi = potential.At(points);
        var field = potential.Field(points);
        return ToMap(min, max, resolution, phi, field);
    }

    /// <summary>The discriminator's learned potential D and its field -grad D (what the generator follows).</summary>
    public static FieldMap OfDiscriminator(DiscriminatorNetwork discriminator, double min, double max, int resolution)
    {
        using var scope = NewDisposeScope();
        bool wasTraining = discriminator.training;
        discriminator.eval();
        var points = Grid(min, max, resolution).requires_grad_(true);
        var values = discriminator.call(points);
        var gradient = torch.autograd.grad(new[] { values.sum() }, new[] { points })[0];
        if (wasTraining) discriminator.train();
        return ToMap(min, max, resolution, values.detach(), -gradient);
    }

    private static Tensor Grid(double min, double max, int resolution)
    {
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "a grid needs at least 2 points per axis");
        if (!(min < max)) throw new ArgumentException($"grid range must have min < max, got ({min}, {max})");
        var axis = torch.linspace(min, max, resolution, dtype: ScalarType.Float32);
        var grids = torch.meshgrid(new[] { axis, axis }, indexing: "xy");
        return torch.stack(new[] { grids[0].reshape(-1), grids[1].reshape(-1) }, 1);
    }

    private static FieldMap ToMap(double min, double max, int resolution, Tensor potential, Tensor field)
    {
        var axis = Enumerable.Range(0, resolution).Select(i => min + (max - min) * i / (resolution - 1)).ToArray();
        var phi = potential.to_type(ScalarType.Float64).data<double>().ToArray();
        var e = field.to_type(ScalarType.Float64).data<double>().ToArray();
        var p = new double[resolution, resolution];
        var fx = new double[resolution, resolution];
        var fy = new double[resolution, resolution];
        for (int j = 0; j < resolution; j++)
        for (int i = 0; i < resolution; i++)
        {
            int k = j * resolution + i;
            p[j, i] = phi[k];
            fx[j, i] = e[2 * k];
            fy[j, i] = e[2 * k + 1];
        }
        return new FieldMap(axis, (double[])axis.Clone(), p, fx, fy);
    }
}
