using System.Diagnostics;
using Tapyard.Linux.Errors;

namespace Tapyard.Bench.Support;

/// <summary>Runs iproute2's `ip` with an argument vector (never a shell), as the reference the bench compares against.</summary>
internal static class IpCommand
{
    public static void Run(params string[] arguments) => Output(arguments);

    /// <summary>Runs ip and returns what it printed on stdout.</summary>
    public static string Output(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)
            ?? throw new TapyardLinuxException("could not start ip (iproute2); install the iproute2 package");
        // Both pipes at once: a big stdout would otherwise stall ip while we wait for stderr to close.
        // (Not ProgramRunner: this is the timed reference, and its spawn cost must stay a bare Process.Start.)
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new TapyardLinuxException($"ip {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {error.Trim()}");
        return output.Result;
    }
}
