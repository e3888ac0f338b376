using Tapyard.Core.Errors;

namespace Tapyard.Node.Hooks;

/// <summary>A NIC hook could not run, failed, or timed out; the message names the script, the NIC and the instance, and why.</summary>
public sealed class HookException(string message, string script, HookAction action, int? exitCode = null, bool timedOut = false,
    IReadOnlyList<string>? output = null, Exception? inner = null)
    : TapyardException(message, inner)
{
    public string Script { get; } = script;
    public HookAction Action { get; } = action;
    /// <summary>The exit code; null when the script did not run or was killed.</summary>
    public int? ExitCode { get; } = exitCode;
    public bool TimedOut { get; } = timedOut;
    /// <summary>The last lines the script wrote (stdout, then stderr).</summary>
    public IReadOnlyList<string> Output { get; } = output ?? [];
}
