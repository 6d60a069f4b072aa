using CoulombGan.IO;
using System.Globalization;
using System.Text.Json;

namespace CoulombGan.Training;

/// <summary>
/// The directory a run writes: config.json (resolved configuration), metrics.jsonl (one JSON object per
/// logged step), checkpoints/latest.ckpt, pictures/, and evaluation.json.
/// </summary>
public sealed class RunDirectory
{
    public RunDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string ConfigPath => Path.Combine(Root, "config.json");
    public string MetricsPath => Path.Combine(Root, "metrics.jsonl");
    public string CheckpointPath => Path.Combine(Root, "checkpoints", "latest.ckpt");
    public string PicturesDirectory => Path.Combine(Root, "pictures");
    public string EvaluationPath => Path.Combine(Root, "evaluation.json");

    /// <summary>A new directory under <paramref name="parent"/> named after the preset and the time.</summary>
    public static RunDirectory CreateUnder(string parent, string name)
    {
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(parent, $"{name}-{stamp}");
        for (int i = 2; Directory.Exists(path); i++) path = Path.Combine(parent, $"{name}-{stamp}-{i}");
        Directory.CreateDirectory(path);
        return new RunDirectory(path);
    }

    public string PicturePath(string kind, long? step) =>
        Path.Combine(PicturesDirectory, step is { } s ? $"{kind}-step{s:D7}.png" : $"{kind}-final.png");

    public void WriteConfig(TrainingConfig config) => AtomicFile.WriteAllText(ConfigPath, config.ToJson() + "\n");

    public void WriteJson(string path, object value) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, TrainingConfig.Json) + "\n");

    public void AppendMetrics(IReadOnlyDictionary<string, double> values)
    {
        Directory.CreateDirectory(Root);
        var line = JsonSerializer.Serialize(values) + "\n";
        File.AppendAllText(MetricsPath, line);
    }

    /// <summary>On resume: drops log lines written after the checkpoint that the run continues from.</summary>
    public void TruncateMetricsAfter(long step)
    {
        if (!File.Exists(MetricsPath)) return;
        var kept = File.ReadAllLines(MetricsPath).Where(line =>
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.TryGetProperty("step", out var s) && s.GetDouble() <= step;
            }
            catch (JsonException)
            {
                return false;
            }
        });
        AtomicFile.WriteAllText(MetricsPath, string.Concat(kept.Select(l => l + "\n")));
    }
}
