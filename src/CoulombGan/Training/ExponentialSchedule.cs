namespace CoulombGan.Training;

/// <summary>
/// A value decaying exponentially from <see cref="Initial"/> at step 0 to <see cref="Final"/> at step
/// <see cref="Steps"/> (paper A.5 decays learning rate and eps this way). A pure function of the step,
/// so a resumed run continues the same curve.
/// </summary>
public sealed record ExponentialSchedule(double Initial, double Final, long Steps)
{
    public static ExponentialSchedule Constant(double value) => new(value, value, 1);

    public double At(long step)
    {
        double progress = Math.Clamp((double)step / Math.Max(1, Steps), 0, 1);
        return Initial * Math.Pow(Final / Initial, progress);
    }
}
