using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using CoulombGan.Training;

namespace CoulombGan.Cli;

internal static class TrainCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = $"Built-in configuration: {string.Join(", ", Presets.Names)}", DefaultValueFactory = _ => "gaussians25" };
        preset.AcceptOnlyFromAmong(Presets.Names.ToArray());
        var config = new Option<FileInfo?>("--config") { Description = "JSON configuration file (keys as in a run's config.json); values not in it come from --preset" };
        var output = new Option<string>("--out") { Description = "Directory under which the run directory is created", DefaultValueFactory = _ => "runs" };
        var resume = new Option<DirectoryInfo?>("--resume") { Description = "Continue the run in this directory from its latest checkpoint; may change --steps, the monitor options, --threads and the log, checkpoint and picture intervals" };
        var overrides = new ConfigOptions();

        var command = new Command("train", "Train a Coulomb GAN; writes a run directory (config, metrics, checkpoints, pictures, evaluation).");
        command.Options.Add(preset);
        command.Options.Add(config);
        command.Options.Add(output);
        command.Options.Add(resume);
        foreach (var option in overrides.All) command.Options.Add(option);

        command.SetAction(parse => Failures.Run(() =>
        {
            var resumeDirectory = parse.GetValue(resume);
            TrainingSession session;
            if (resumeDirectory is not null)
            {
                var run = new RunDirectory(resumeDirectory.FullName);
                if (parse.GetResult(config) is not null || parse.GetResult(preset) is { Implicit: false } || parse.GetResult(output) is { Implicit: false })
                    throw new ConfigurationException("--resume continues a run in its own directory with its stored configuration; --preset, --config and --out cannot be given with it");
                session = TrainingSession.Resume(run, stored => overrides.Apply(stored, parse));
                Console.WriteLine($"Resuming {run.Root} at step {session.Trainer.StepCount} of {session.Config.Steps}");
            }
            else
            {
                var baseConfig = Presets.Get(parse.GetValue(preset)!);
                if (parse.GetValue(config) is { } file)
                {
                    if (!file.Exists) throw new FileNotFoundException($"configuration file {file.FullName} does not exist");
                    baseConfig = MergeFile(baseConfig, file.FullName);
                }
                var resolved = overrides.Apply(baseConfig, parse);
                var run = RunDirectory.CreateUnder(parse.GetValue(output)!, resolved.Preset);
                try
                {
                    session = TrainingSession.Create(resolved, run);
                }
                catch
                {
                    TryRemoveEmpty(run.Root);
                    throw;
                }
                Console.WriteLine($"Training {resolved.Dataset} ({resolved.Architecture}) for {resolved.Steps} steps; run directory {run.Root}");
            }
            using (session)
            {
                return Train(session);
            }
        }));
        return command;
    }

    private static int Train(TrainingSession session)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancellation.Cancel();
        });
        var progress = new ConsoleProgress(session.Trainer.StepCount);
        var observer = new Observers(progress, new RunPictures());
        TrainingOutcome outcome;
        try
        {
            outcome = session.Train(observer, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            progress.EndLine();
        }
        var run = session.Run;
        if (outcome == TrainingOutcome.Interrupted)
        {
            Console.WriteLine($"Interrupted at step {session.Trainer.StepCount}; checkpoint {run.CheckpointPath}");
            Console.WriteLine($"Continue with: coulomb-gan train --resume {run.Root}");
            return 130;
        }
        if (session.Evaluation is { } e) Console.WriteLine(Describe(e));
        Console.WriteLine($"Run directory: {run.Root}");
        Console.WriteLine($"  config.json            resolved configuration");
        Console.WriteLine($"  metrics.jsonl          losses and potentials every {session.Config.LogEvery} steps");
        Console.WriteLine($"  checkpoints/latest.ckpt  networks, optimizers, step, random state");
        Console.WriteLine($"  pictures/              {string.Join(", ", Directory.GetFiles(run.PicturesDirectory, "*-final.png").Select(Path.GetFileName).Order())}, losses.png, ...");
        if (session.Evaluation is not null) Console.WriteLine($"  evaluation.json        the figures above");
        return 0;
    }

    public static string Describe(CoulombGan.Metrics.MixtureModeReport e) => string.Create(CultureInfo.InvariantCulture,
        $"Evaluation on {e.Samples} samples: modes captured {e.ModesCaptured}/{e.ModeCount}, " +
        $"high-quality share {100 * e.HighQualityShare:F1}% (within 3 sd of a centre), mode KL {e.ModeKl:F4}, " +
        $"spread ratio {e.MinSpreadRatio:F2}..{e.MaxSpreadRatio:F2}");

    private static TrainingConfig MergeFile(TrainingConfig baseConfig, string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(baseConfig.ToJson())!.AsObject();
        System.Text.Json.Nodes.JsonObject file;
        try
        {
            file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new ConfigurationException($"{path}: empty configuration");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ConfigurationException($"{path}: not a JSON object ({e.Message.Split('\n')[0]})");
        }
        if (file["preset"] is { } named && named.GetValueKind() == System.Text.Json.JsonValueKind.String && named.GetValue<string>() != baseConfig.Preset)
            throw new ConfigurationException($"{path}: preset = {named.GetValue<string>()}, but --preset is {baseConfig.Preset}; pass --preset {named.GetValue<string>()} (a configuration file only overrides a preset's values)");
        foreach (var (key, value) in file) node[key] = value?.DeepClone();
        return TrainingConfig.FromJson(node.ToJsonString(), path);
    }

    private static void TryRemoveEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Observers(params ITrainingObserver[] observers) : ITrainingObserver
    {
        public void OnStep(TrainingSession session, StepReport report) { foreach (var o in observers) o.OnStep(session, report); }
        public void OnPictures(TrainingSession session, long? step) { foreach (var o in observers) o.OnPictures(session, step); }
        public void OnCheckpoint(TrainingSession session, string path) { foreach (var o in observers) o.OnCheckpoint(session, path); }
    }
}
