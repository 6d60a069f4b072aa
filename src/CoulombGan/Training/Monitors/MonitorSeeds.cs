namespace CoulombGan.Training.Monitors;

/// <summary>Seeds of the monitors' latent codes and real samples: fixed per run, apart from the training stream.</summary>
internal static class MonitorSeeds
{
    public static ulong For(TrainingConfig config) => TrainingSession.EvaluationSeed(config.Seed) + 1;
}
