using System.Diagnostics;

namespace CoulombGan.Tests;

/// <summary>Runs Debian's /usr/bin/python3 (with numpy, torch and torchvision from apt) to produce reference values.</summary>
internal static class Python
{
    public const string Executable = "/usr/bin/python3";

    /// <summary>Runs python3 with <paramref name="arguments"/> on one thread; kills it after <paramref name="timeout"/>.</summary>
    public static (int Code, string Output, string Error) Execute(string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Executable} {arguments} did not finish within {timeout}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
