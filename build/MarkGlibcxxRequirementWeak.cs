using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the Elf64_Vernaux entry that names a GLIBCXX symbol version in every
/// libLibTorchSharp.so below a directory, unless the system libstdc++ already provides it.
/// </summary>
public sealed class MarkGlibcxxRequirementWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required] public string Directory { get; set; } = "";
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory)) return true;
        var libraries = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        if (libraries.Length == 0) return true;
        if (SystemLibstdcxxProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"System libstdc++ provides {VersionName}; libLibTorchSharp.so left unchanged.");
            return true;
        }
        foreach (var path in libraries)
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                int changed = MarkWeak(bytes, VersionName);
                if (changed > 0)
                {
                    var temporary = path + ".weak-tmp";
                    File.WriteAllBytes(temporary, bytes);
                    File.Delete(path);
                    File.Move(temporary, path);
                    Log.LogMessage(MessageImportance.Normal, $"Marked {VersionName} weak in {path}.");
                }
            }
            catch (Exception e)
            {
                Log.LogError($"Could not patch {path}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    private static bool SystemLibstdcxxProvides(string versionName)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            var text = Encoding.ASCII.GetString(File.ReadAllBytes(candidate));
            return text.Contains(versionName + "\0");
        }
        return false;
    }

    /// <returns>The number of entries whose flags were changed (0 when already weak or absent).</returns>
    private static int MarkWeak(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian 64-bit ELF file");
        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int count = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < count; s++)
        {
            int header = checked((int)sectionTable + s * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            int link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            int needCount = (int)BitConverter.ToUInt32(elf, header + 0x2C);
            int strings = checked((int)BitConverter.ToUInt64(elf, checked((int)sectionTable + link * entrySize) + 0x18));
            int need = offset;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (ReadCString(elf, name) == versionName)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            flags |= VerFlgWeak;
                            elf[aux + 4] = (byte)(flags & 0xff);
                            elf[aux + 5] = (byte)(flags >> 8);
                            changed++;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return changed;
    }

    private static string ReadCString(byte[] bytes, int start)
    {
        int end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
