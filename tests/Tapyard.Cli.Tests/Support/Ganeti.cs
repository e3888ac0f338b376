namespace Tapyard.Cli.Tests.Support;

/// <summary>The Ganeti 3.0.2 reference outputs copied under Golden/: the printed text without the command and exit-code lines.</summary>
internal static class Ganeti
{
    public static string Output(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "ganeti-3.0.2", file);
        var lines = File.ReadAllText(path).Split('\n').ToList();
        if (lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        if (lines[0].StartsWith("$ ", StringComparison.Ordinal))
            lines.RemoveAt(0);
        if (lines[^1].StartsWith("[exit code:", StringComparison.Ordinal))
            lines.RemoveAt(lines.Count - 1);
        return string.Concat(lines.Select(l => l + "\n"));
    }
}
