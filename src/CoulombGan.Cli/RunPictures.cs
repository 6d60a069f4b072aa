using System.Text.Json;
using CoulombGan.Pictures;
using CoulombGan.Potential;
using CoulombGan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CoulombGan.Cli;

/// <summary>Draws a run's pictures: samples against data and the Figure-1 field for 2-D runs, sample grids for images, loss curves.</summary>
internal sealed class RunPictures : ITrainingObserver
{
    /// <summary>Range of the 2-D pictures for each mixture.</summary>
    public static (double Min, double Max) RangeOf(TrainingSession session) => RangeOf(session.Config.Dataset);

    /// <summary>Range of the 2-D pictures of a mixture dataset.</summary>
    public static (double Min, double Max) RangeOf(string dataset) =>
        dataset == Datasets.Ring8 ? (-3, 3) : (-28, 28);

    /// <summary>Writes 2-D points as a CSV file with an "x,y" header, atomically.</summary>
    public static void WritePointsCsv(string path, float[,] rows)
    {
        var csv = new System.Text.StringBuilder("x,y\n");
        for (int i = 0; i < rows.GetLength(0); i++)
            csv.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rows[i, 0]:R},{rows[i, 1]:R}\n"));
        CoulombGan.IO.AtomicFile.WriteAllText(path, csv.ToString());
    }

    public void OnPictures(TrainingSession session, long? step)
    {
        if (session.Data.SampleShape.Length == 1) DrawPlane(session, step);
        else DrawImages(session, step);
        DrawCurves(session);
    }

    /// <summary>Scatter of generated vs real samples, the exact minibatch field, and D's learned field.</summary>
    public static void DrawPlane(TrainingSession session, long? step, int count = 2000)
    {
        using var scope = NewDisposeScope();
        var run = session.Run;
        var (min, max) = RangeOf(session);
        using var random = new torch.Generator(unchecked((ulong)session.Config.Seed + 17));
        var generated = session.Trainer.Sample(count, random);
        var real = session.Data.Sample(count, random);
        var label = step is { } s ? $"step {s}" : $"final (step {session.Trainer.StepCount})";
        ScatterPicture.Write(run.PicturePath("samples", step), ToRows(real), ToRows(generated), $"Coulomb GAN, {session.Config.Dataset}: {label}", (min, max));

        int charges = session.Config.BatchSize;
        var realBatch = real.narrow(0, 0, charges);
        var generatedBatch = generated.narrow(0, 0, charges);
        var kernel = PlummerKernel.FromDimension(session.Config.KernelDimension, session.Trainer.CurrentEpsilon);
        using var potential = new BatchPotential(kernel, realBatch, generatedBatch, session.Config.SelfInteraction);
        FieldPicture.Write(run.PicturePath("field", step), ForceOnGenerated(FieldMaps.OfBatch(potential, min, max, 121)),
            ToRows(realBatch), ToRows(generatedBatch), $"Minibatch potential (Eq. 8); arrows: force on generated samples, {label}");
        FieldPicture.Write(run.PicturePath("discriminator", step), ForceOnGenerated(FieldMaps.OfDiscriminator(session.Trainer.Discriminator, min, max, 121)),
            ToRows(realBatch), ToRows(generatedBatch), $"Learned potential D; arrows: grad D (generator's direction), {label}");
    }

    /// <summary>A grid of samples from a fixed set of latent codes (the same codes at every step).</summary>
    public static void DrawImages(TrainingSession session, long? step, int count = 64)
    {
        using var random = new torch.Generator(unchecked((ulong)session.Config.Seed + 17));
        using var samples = session.Trainer.Sample(count, random);
        WriteGrid(session.Run.PicturePath("samples", step), samples);
    }

    public static void WriteGrid(string path, Tensor samples)
    {
        var shape = samples.shape;
        int columns = (int)Math.Ceiling(Math.Sqrt(shape[0]));
        ImageGrid.Write(path, samples.contiguous().data<float>().ToArray(), (int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], columns);
    }

    /// <summary>Losses, mean potentials and the monitored metric over the steps, from metrics.jsonl.</summary>
    public static void DrawCurves(TrainingSession session)
    {
        var run = session.Run;
        if (!File.Exists(run.MetricsPath)) return;
        var rows = File.ReadLines(run.MetricsPath)
            .Select(line => JsonSerializer.Deserialize<Dictionary<string, double>>(line))
            .Where(r => r is not null && r.ContainsKey("step")).Select(r => r!).ToList();
        if (rows.Count < 2) return;
        double[] Column(string key) => rows.Select(r => r.TryGetValue(key, out var v) ? v : double.NaN).ToArray();
        var steps = Column("step");
        CurvePicture.Write(Path.Combine(run.PicturesDirectory, "losses.png"), "Losses", "step",
            new List<(string, double[], double[])> { ("discriminator loss", steps, Column("discriminator_loss")), ("generator loss", steps, Column("generator_loss")) });
        CurvePicture.Write(Path.Combine(run.PicturesDirectory, "potentials.png"), "Mean minibatch potential at the samples", "step",
            new List<(string, double[], double[])> { ("at real samples", steps, Column("potential_real")), ("at generated samples", steps, Column("potential_generated")) });
        if (session.Monitor is { Key: var key })
        {
            var measured = rows.Where(r => r.ContainsKey(key)).ToList();
            if (measured.Count >= 2)
                CurvePicture.Write(Path.Combine(run.PicturesDirectory, "monitor.png"), $"Monitored {key} (every {session.Config.MonitorEvery} steps)", "step",
                    new List<(string, double[], double[])> { (key, measured.Select(r => r["step"]).ToArray(), measured.Select(r => r[key]).ToArray()) });
        }
    }

    /// <summary>
    /// Generated samples are negative charges: they move along -E = grad Phi, towards the real data, as the
    /// arrows of the paper's Figure 1 show. The picture draws that direction.
    /// </summary>
    public static FieldMap ForceOnGenerated(FieldMap map) =>
        new(map.Xs, map.Ys, map.Potential, Negate(map.FieldX), Negate(map.FieldY));

    private static double[,] Negate(double[,] values)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (int j = 0; j < values.GetLength(0); j++)
        for (int i = 0; i < values.GetLength(1); i++)
            result[j, i] = -values[j, i];
        return result;
    }

    public static float[,] ToRows(Tensor points)
    {
        var values = points.contiguous().data<float>().ToArray();
        int n = (int)points.shape[0];
        var rows = new float[n, 2];
        for (int i = 0; i < n; i++)
        {
            rows[i, 0] = values[2 * i];
            rows[i, 1] = values[2 * i + 1];
        }
        return rows;
    }
}
