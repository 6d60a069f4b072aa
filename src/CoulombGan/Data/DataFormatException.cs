namespace CoulombGan.Data;

/// <summary>
/// A data file (or data directory) is missing or not in the expected format.
/// The message is one line that starts with the offending path and then names the problem.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {OneLine(problem)}", innerException)
    {
        FilePath = path;
    }

    /// <summary>The file or directory the problem was found in.</summary>
    public string FilePath { get; }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
