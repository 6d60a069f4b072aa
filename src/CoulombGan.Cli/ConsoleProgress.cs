using System.Diagnostics;
using System.Globalization;
using CoulombGan.Training;

namespace CoulombGan.Cli;

/// <summary>Shows step, steps/s, ETA and current losses: one updating line on a terminal, periodic lines otherwise.</summary>
internal sealed class ConsoleProgress : ITrainingObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly long _firstStep;
    private TimeSpan _lastShown = TimeSpan.FromDays(-1);
    private bool _lineOpen;

    public ConsoleProgress(long firstStep) => _firstStep = firstStep;

    public void OnStep(TrainingSession session, StepReport report)
    {
        var interval = _interactive ? TimeSpan.FromSeconds(0.25) : TimeSpan.FromSeconds(15);
        bool last = report.Step == session.Config.Steps;
        if (!last && _clock.Elapsed - _lastShown < interval) return;
        _lastShown = _clock.Elapsed;
        double rate = (report.Step - _firstStep) / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        var eta = rate > 0 ? TimeSpan.FromSeconds((session.Config.Steps - report.Step) / rate) : TimeSpan.Zero;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"step {report.Step}/{session.Config.Steps} ({100.0 * report.Step / session.Config.Steps:F1}%)  {rate:F1} steps/s  ETA {Format(eta)}  " +
            $"D loss {report.DiscriminatorLoss:G4}  G loss {report.GeneratorLoss:G4}  Phi(real) {report.PotentialAtReal:G4}  Phi(gen) {report.PotentialAtGenerated:G4}  eps {report.Epsilon:G3}");
        if (_interactive)
        {
            Console.Write("\r" + line.PadRight(Math.Max(0, SafeWidth() - 1))[..Math.Min(line.Length, Math.Max(20, SafeWidth() - 1))]);
            _lineOpen = true;
            if (last) EndLine();
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    public void OnCheckpoint(TrainingSession session, string path)
    {
        if (!_interactive) Console.WriteLine($"checkpoint written: {path}");
    }

    /// <summary>Closes the updating line before other output.</summary>
    public void EndLine()
    {
        if (_lineOpen) Console.WriteLine();
        _lineOpen = false;
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 160; }
        catch (IOException) { return 160; }
    }

    private static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : $"{t.Minutes}m{t.Seconds:D2}s";
}
