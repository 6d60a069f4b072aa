namespace CoulombGan.Training;

/// <summary>Receives a run's events; the CLI shows progress and draws pictures through it.</summary>
public interface ITrainingObserver
{
    /// <summary>After every step.</summary>
    void OnStep(TrainingSession session, StepReport report) { }

    /// <summary>Every <see cref="TrainingConfig.PictureEvery"/> steps (<paramref name="step"/>) and at the end (null).</summary>
    void OnPictures(TrainingSession session, long? step) { }

    /// <summary>After a checkpoint has been written.</summary>
    void OnCheckpoint(TrainingSession session, string path) { }
}
