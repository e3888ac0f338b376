using System.Diagnostics;

namespace Tapyard.Cli.Tests.Support;

/// <summary>iproute2, for setting up what a test needs independently of the code under test.</summary>
internal static class Ip
{
    public static void Run(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {error.Trim()}");
    }
}
