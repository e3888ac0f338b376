using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Processes;

namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// iproute2's `tc` through <see cref="ProgramRunner"/>, inside the target network namespace (started from the
/// namespace's thread, so the child is created there). tc rather than netlink here: HTB classes need
/// rate tables and the u32 + mirred filter a nested action, which tc computes and encodes correctly.
/// </summary>
internal static class TcProgram
{
    public const string Program = "tc";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Runs tc; a non-zero exit throws with tc's first error line and <paramref name="what"/>.</summary>
    public static void Run(NetworkNamespace ns, string what, params string[] arguments)
    {
        var (exit, error) = TryRun(ns, arguments);
        if (exit != 0)
            throw new TrafficControlException($"{what}: tc {string.Join(' ', arguments)} failed: {FirstLine(error)}");
    }

    /// <summary>Runs tc and returns its exit status and standard error (for deletes that may find nothing).</summary>
    public static (int Exit, string Error) TryRun(NetworkNamespace ns, params string[] arguments)
    {
        ProgramResult result;
        try
        {
            result = ProgramRunner.Run(new ProgramInvocation { Program = Program, Arguments = arguments, Namespace = ns, Timeout = Limit, Package = "iproute2" });
        }
        catch (TapyardLinuxException e) when (e is ProgramNotFoundException or SpawnFailedException)
        {
            throw new TrafficControlException($"cannot run {Program}: {e.Message}", e);
        }
        if (result.TimedOut || result.ExitCode is not { } exit)
            throw new TrafficControlException($"{Program} {string.Join(' ', arguments)} did not finish in {Limit.TotalSeconds} s");
        return (exit, result.Error);
    }

    private static string FirstLine(string text)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.TrimEnd('.');
    }
}
