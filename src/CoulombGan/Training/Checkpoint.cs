using CoulombGan.IO;
namespace CoulombGan.Training;

/// <summary>A checkpoint file is missing, not a checkpoint, or damaged.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One file holding a run's resolved configuration, step count, random state, both networks and both
/// optimizer states. Written atomically.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "CoulombGAN checkpoint";
    private const int FormatVersion = 1;

    public static void Write(string path, Trainer trainer) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(trainer.Config.ToJson());
            trainer.SaveState(writer);
            writer.Write(Magic);
        });

    /// <summary>Reads the configuration stored in a checkpoint (without touching its tensors).</summary>
    public static TrainingConfig ReadConfig(string path) =>
        Read(path, reader => ReadHeader(reader, path));

    /// <summary>Loads the state of a checkpoint into a trainer built from the same configuration.</summary>
    public static void Restore(string path, Trainer trainer) =>
        Read(path, reader =>
        {
            ReadHeader(reader, path);
            trainer.LoadState(reader);
            if (reader.ReadString() != Magic) throw new InvalidDataException("end marker missing");
            return 0;
        });

    private static TrainingConfig ReadHeader(BinaryReader reader, string path)
    {
        if (reader.ReadString() != Magic) throw new InvalidDataException("not a CoulombGAN checkpoint");
        int version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"format version {version} is not supported (expected {FormatVersion})");
        return TrainingConfig.FromJson(reader.ReadString(), path);
    }

    private static T Read<T>(string path, Func<BinaryReader, T> read)
    {
        if (!File.Exists(path)) throw new CheckpointException($"checkpoint {path} does not exist");
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            return read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or ArgumentException or FormatException or ConfigurationException or OverflowException or InvalidOperationException)
        {
            throw new CheckpointException($"checkpoint {path} is unreadable: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
