namespace Tapyard.Node.Hooks;

/// <summary>How one hook script ended: its exit code (null when killed at the timeout) and its last output lines.</summary>
internal sealed record HookRun(int? ExitCode, bool TimedOut, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The line that most likely says what went wrong: the last of stderr, else of stdout.</summary>
    public string LastLine =>
        Stderr.LastOrDefault(l => l.Trim().Length > 0) ?? Stdout.LastOrDefault(l => l.Trim().Length > 0) ?? "(no output)";
}
