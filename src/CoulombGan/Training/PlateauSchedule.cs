namespace CoulombGan.Training;

/// <summary>
/// Multiplies the learning rates by <see cref="Factor"/> when a monitored metric (lower is better) has
/// not improved by more than <see cref="Threshold"/> (relative) for <see cref="Patience"/> evaluations in a
/// row: the paper's image schedule (Sec. 3.1: "learning rate x0.1 when the FID plateaus").
/// </summary>
public sealed class PlateauSchedule
{
    public PlateauSchedule(int patience, double factor, double threshold = 1e-3)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be at least 1");
        if (!(factor > 0 && factor <= 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1]");
        if (!(threshold >= 0)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be 0 or positive");
        Patience = patience;
        Factor = factor;
        Threshold = threshold;
    }

    public int Patience { get; }
    public double Factor { get; }
    public double Threshold { get; }

    /// <summary>Best value seen so far (+infinity before the first).</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>Evaluations since the last improvement.</summary>
    public int EvaluationsWithoutImprovement { get; private set; }

    /// <summary>Product of all reductions so far.</summary>
    public double Multiplier { get; private set; } = 1;

    /// <summary>Records a new value; returns true when it triggered a reduction.</summary>
    public bool Record(double value)
    {
        if (double.IsNaN(value)) return false;
        if (value < Best * (1 - Threshold) || double.IsPositiveInfinity(Best))
        {
            Best = value;
            EvaluationsWithoutImprovement = 0;
            return false;
        }
        EvaluationsWithoutImprovement++;
        if (EvaluationsWithoutImprovement < Patience) return false;
        Multiplier *= Factor;
        EvaluationsWithoutImprovement = 0;
        return true;
    }

    /// <summary>Forgets the best value and the count (for a new kind of measurement); keeps the multiplier.</summary>
    public void Restart()
    {
        Best = double.PositiveInfinity;
        EvaluationsWithoutImprovement = 0;
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Best);
        writer.Write(EvaluationsWithoutImprovement);
        writer.Write(Multiplier);
    }

    public void Load(BinaryReader reader)
    {
        Best = reader.ReadDouble();
        EvaluationsWithoutImprovement = reader.ReadInt32();
        Multiplier = reader.ReadDouble();
    }
}
