using CoulombGan.Data;
using CoulombGan.Training;

namespace CoulombGan.Cli;

/// <summary>Turns the errors a user can cause into one line on stderr and exit code 1.</summary>
internal static class Failures
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ConfigurationException or DataFormatException or CheckpointException or TrainingDivergedException
                                      or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or UnauthorizedAccessException or IOException)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {e.Message.Split('\n')[0].Trim()}");
            return 1;
        }
        catch (System.Runtime.InteropServices.ExternalException e) when (e.Message.Contains("allocate memory", StringComparison.OrdinalIgnoreCase))
        {
            Console.Out.Flush();
            Console.Error.WriteLine("error: out of memory (libtorch could not allocate a tensor): reduce the sizes given (batch, samples, network widths)");
            return 1;
        }
    }

    /// <summary>A checkpoint file, or a run directory holding checkpoints/latest.ckpt.</summary>
    public static string CheckpointPath(string checkpointOrRun)
    {
        if (Directory.Exists(checkpointOrRun)) return new RunDirectory(checkpointOrRun).CheckpointPath;
        return checkpointOrRun;
    }
}
