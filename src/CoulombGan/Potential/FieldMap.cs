namespace CoulombGan.Potential;

/// <summary>
/// A potential and its field sampled on a regular grid, ready to draw with <see cref="FieldPicture"/>.
/// <see cref="Potential"/>, <see cref="FieldX"/> and <see cref="FieldY"/> are indexed [y, x], so
/// element [j, i] belongs to the point (Xs[i], Ys[j]). The field is E = -grad Potential.
/// </summary>
public sealed record FieldMap
{
    public FieldMap(double[] xs, double[] ys, double[,] potential, double[,] fieldX, double[,] fieldY)
    {
        RequireRegularAxis(xs, nameof(xs));
        RequireRegularAxis(ys, nameof(ys));
        RequireShape(potential, ys.Length, xs.Length, nameof(potential));
        RequireShape(fieldX, ys.Length, xs.Length, nameof(fieldX));
        RequireShape(fieldY, ys.Length, xs.Length, nameof(fieldY));
        Xs = xs;
        Ys = ys;
        Potential = potential;
        FieldX = fieldX;
        FieldY = fieldY;
    }

    /// <summary>Grid x coordinates, increasing and evenly spaced.</summary>
    public double[] Xs { get; }

    /// <summary>Grid y coordinates, increasing and evenly spaced.</summary>
    public double[] Ys { get; }

    /// <summary>Potential at (Xs[i], Ys[j]) stored at [j, i]; positive where real data dominates.</summary>
    public double[,] Potential { get; }

    /// <summary>x component of E = -grad Potential, [y, x].</summary>
    public double[,] FieldX { get; }

    /// <summary>y component of E = -grad Potential, [y, x].</summary>
    public double[,] FieldY { get; }

    private static void RequireRegularAxis(double[] axis, string name)
    {
        ArgumentNullException.ThrowIfNull(axis, name);
        if (axis.Length < 2)
        {
            throw new ArgumentException($"{name} needs at least 2 grid coordinates but has {axis.Length}.", name);
        }

        double step = (axis[^1] - axis[0]) / (axis.Length - 1);
        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new ArgumentException($"{name} must be finite and strictly increasing.", name);
        }

        for (int i = 0; i < axis.Length; i++)
        {
            if (Math.Abs(axis[i] - (axis[0] + i * step)) > 1e-6 * step)
            {
                throw new ArgumentException(
                    $"{name} must be evenly spaced: element {i} is {axis[i]} but {axis[0] + i * step} was expected.", name);
            }
        }
    }

    private static void RequireShape(double[,] values, int rows, int columns, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.GetLength(0) != rows || values.GetLength(1) != columns)
        {
            throw new ArgumentException(
                $"{name} must have shape [ys, xs] = [{rows}, {columns}] but has [{values.GetLength(0)}, {values.GetLength(1)}].",
                name);
        }
    }
}
