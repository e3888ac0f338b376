using System.Diagnostics;

namespace Tapyard.Node.Tests.Support;

/// <summary>One `ping` (busybox-static: this machine has no iputils) inside a namespace, to make the kernel there send ARP requests and packets; whether it gets an answer does not matter.</summary>
internal static class Pinger
{
    public static void PingOnce(string ns, string target)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", ns, "busybox", "ping", "-c", "1", "-W", "1", target })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (error.Contains("No such file", StringComparison.Ordinal) || error.Contains("applet not found", StringComparison.Ordinal))
            throw new InvalidOperationException($"busybox ping is missing ({error.Trim()}); install busybox-static");
    }
}
