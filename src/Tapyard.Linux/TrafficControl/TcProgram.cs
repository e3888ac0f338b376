using System.ComponentModel;
using System.Diagnostics;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// Runs iproute2's `tc` with an argument vector (never a shell), from a thread inside the target
/// network namespace so the child is created there. tc rather than netlink here: HTB classes need
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
    public static (int Exit, string Error) TryRun(NetworkNamespace ns, params string[] arguments) => ns.Run(() =>
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new TrafficControlException($"cannot run {Program} ({e.Message}); install iproute2", e);
        }
        using (process)
        {
            // Both streams read asynchronously: a blocking read would wait for a hung tc forever, past the limit.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill();
                process.WaitForExit();
                throw new TrafficControlException($"{Program} {string.Join(' ', arguments)} did not finish in {Limit.TotalSeconds} s");
            }
            output.Wait();
            return (process.ExitCode, error.GetAwaiter().GetResult());
        }
    });

    private static string FirstLine(string text)
    {
        string line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return line.TrimEnd('.');
    }
}
