using SkiaSharp;

namespace CoulombGan.Tests.Pictures;

/// <summary>
/// A scratch directory for written pictures, removed afterwards unless the environment variable
/// COULOMBGAN_KEEP_PICTURES names a directory to keep them in (for looking at them).
/// </summary>
public sealed class PictureFiles : IDisposable
{
    private readonly bool keep;

    public PictureFiles()
    {
        string? keepDirectory = Environment.GetEnvironmentVariable("COULOMBGAN_KEEP_PICTURES");
        keep = !string.IsNullOrWhiteSpace(keepDirectory);
        Directory = keep
            ? keepDirectory!
            : Path.Combine(Path.GetTempPath(), "coulombgan-pictures-" + Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    /// <summary>A path inside a not-yet-existing sub-directory, so writers must create it.</summary>
    public string PathFor(string name) => Path.Combine(Directory, "nested", name);

    public static SKBitmap Decode(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    public static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                colours.Add((uint)bitmap.GetPixel(x, y));
            }
        }

        return colours.Count;
    }

    public static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> predicate)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                if (predicate(bitmap.GetPixel(x, y))) count++;
            }
        }

        return count;
    }

    public static void AssertNoTemporaryFiles(string directory) =>
        Assert.Empty(System.IO.Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories));

    public void Dispose()
    {
        if (!keep && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>Independent test data: the 25-Gaussian toy set and a Plummer potential on a grid.</summary>
internal static class ToyData
{
    /// <summary>Points around the 5×5 grid of centres {-20, -10, 0, 10, 20}², standard deviation <paramref name="spread"/>.</summary>
    public static float[,] TwentyFiveGaussians(int n, int seed, double spread = 1.0, double shift = 0.0)
    {
        var random = new Random(seed);
        var points = new float[n, 2];
        for (int i = 0; i < n; i++)
        {
            int mode = random.Next(25);
            points[i, 0] = (float)(-20 + 10 * (mode % 5) + shift + spread * Normal(random));
            points[i, 1] = (float)(-20 + 10 * (mode / 5) + shift + spread * Normal(random));
        }

        return points;
    }

    /// <summary>
    /// Φ(a) = mean over real y of k(a, y) − mean over generated x of k(a, x), with the 3-D Plummer
    /// kernel k(a, b) = 1 / sqrt(|a − b|² + ε²), and E = −∇Φ written out by hand.
    /// </summary>
    public static FieldMapData Plummer(float[,] real, float[,] generated, double range, int points, double epsilon)
    {
        var xs = new double[points];
        for (int i = 0; i < points; i++) xs[i] = -range + 2 * range * i / (points - 1);
        var potential = new double[points, points];
        var fieldX = new double[points, points];
        var fieldY = new double[points, points];
        for (int j = 0; j < points; j++)
        {
            for (int i = 0; i < points; i++)
            {
                var (p1, ex1, ey1) = Charges(real, xs[i], xs[j], epsilon);
                var (p2, ex2, ey2) = Charges(generated, xs[i], xs[j], epsilon);
                potential[j, i] = p1 - p2;
                fieldX[j, i] = ex1 - ex2;
                fieldY[j, i] = ey1 - ey2;
            }
        }

        return new FieldMapData(xs, (double[])xs.Clone(), potential, fieldX, fieldY);
    }

    private static (double potential, double ex, double ey) Charges(float[,] samples, double ax, double ay, double epsilon)
    {
        int n = samples.GetLength(0);
        double potential = 0, ex = 0, ey = 0;
        for (int s = 0; s < n; s++)
        {
            double rx = ax - samples[s, 0], ry = ay - samples[s, 1];
            double q = rx * rx + ry * ry + epsilon * epsilon;
            potential += 1 / Math.Sqrt(q);
            // -d/da of q^(-1/2) is (a - b) q^(-3/2).
            double cube = q * Math.Sqrt(q);
            ex += rx / cube;
            ey += ry / cube;
        }

        return (potential / n, ex / n, ey / n);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal sealed record FieldMapData(double[] Xs, double[] Ys, double[,] Potential, double[,] FieldX, double[,] FieldY)
{
    public CoulombGan.Potential.FieldMap ToMap() => new(Xs, Ys, Potential, FieldX, FieldY);
}
