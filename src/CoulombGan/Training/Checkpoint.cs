using CoulombGan.IO;
namespace CoulombGan.Training;

/// <summary>A checkpoint file is missing, not a checkpoint, or damaged.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One file holding a run's resolved configuration, step count, random state, both networks and both
/// optimizer states, followed by the SHA-256 of everything before it (format 2; format 1 files, without it,
/// are still read). Written atomically; a damaged file is refused.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "CoulombGAN checkpoint";
    private const int FormatVersion = 2;
    private const int HashSize = 32;

    /// <summary>The magic string as BinaryWriter writes it: the first bytes of every checkpoint.</summary>
    private static readonly byte[] MagicBytes = Serialized(Magic);

    public static void Write(string path, Trainer trainer) =>
        AtomicFile.Write(path, stream =>
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(trainer.Config.ToJson());
                trainer.SaveState(writer);
                writer.Write(Magic);
            }
            var content = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            stream.Write(content);
            stream.Write(System.Security.Cryptography.SHA256.HashData(content));
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
        if (version is not (1 or FormatVersion)) throw new InvalidDataException($"format version {version} is not supported (expected 1 or {FormatVersion})");
        return TrainingConfig.FromJson(reader.ReadString(), path);
    }

    private static T Read<T>(string path, Func<BinaryReader, T> read)
    {
        if (!File.Exists(path)) throw new CheckpointException($"checkpoint {path} does not exist");
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (!bytes.AsSpan().StartsWith(MagicBytes)) throw new InvalidDataException("not a CoulombGAN checkpoint");
            int version = bytes.Length >= MagicBytes.Length + 4 ? BitConverter.ToInt32(bytes, MagicBytes.Length) : 0;
            int length = bytes.Length;
            if (version >= 2)
            {
                length -= HashSize;
                if (length < MagicBytes.Length || !System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, length)).AsSpan().SequenceEqual(bytes.AsSpan(length)))
                    throw new InvalidDataException("checksum mismatch: the file is damaged or incomplete");
            }
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, length, writable: false));
            return read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or ArgumentException or FormatException or ConfigurationException or OverflowException or InvalidOperationException)
        {
            throw new CheckpointException($"checkpoint {path} is unreadable: {FirstLine(e.Message)}", e);
        }
    }

    private static byte[] Serialized(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) writer.Write(text);
        return buffer.ToArray();
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
