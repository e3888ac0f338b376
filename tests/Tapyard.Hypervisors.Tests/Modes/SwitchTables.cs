using System.Diagnostics;
using System.Text.Json;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>What the switch namespace learned, read with iproute2: where frames arrived from (the bridge's FDB) and whom the outside host knows (its ARP table).</summary>
internal static class SwitchTables
{
    /// <summary>MACs the bridge learned (or holds) on any port, lower case.</summary>
    public static IReadOnlyList<string> LearnedMacs(string switchNamespace)
    {
        var start = new ProcessStartInfo("bridge") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-n", switchNamespace, "-j", "fdb", "show" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"bridge fdb show in {switchNamespace} failed: {error.Trim()} (bridge comes with iproute2)");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("mac").GetString()!.ToLowerInvariant()).ToList();
    }

    /// <summary>Whether the outside host has any ARP entry for <paramref name="address"/> (any state: it heard of it or tried to reach it).</summary>
    public static bool OutsideKnows(string switchNamespace, string address)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", switchNamespace, "-j", "neigh", "show", "to", address));
        return doc.RootElement.GetArrayLength() > 0;
    }

    public static void ForgetNeighbours(string switchNamespace) => Ip.Run("-n", switchNamespace, "neigh", "flush", "dev", SwitchedNode.Bridge);
}
