using System.Text.Json;
using Tapyard.Linux.Processes;

namespace Tapyard.Testing;

/// <summary>iproute2 as an independent reader (and, for comparisons, writer) of kernel state.</summary>
public static class Ip
{
    public static string Run(params string[] args) => RunProgram("ip", args);

    /// <summary>Another iproute2 program (tc, bridge) with an argument vector; its stdout, or an exception with its stderr.</summary>
    public static string RunProgram(string program, params string[] args)
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = program, Arguments = args, Package = "iproute2" });
        if (result.TimedOut)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} did not finish within {ProgramInvocation.DefaultTimeout.TotalSeconds:0} s");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {result.Error.Trim()}");
        return result.Output;
    }

    /// <summary>`ip -n NS -d -j link show DEV`, parsed.</summary>
    public static JsonElement Link(string? ns, string device)
    {
        var args = new List<string>();
        if (ns is not null)
            args.AddRange(["-n", ns]);
        args.AddRange(["-d", "-j", "link", "show", "dev", device]);
        using var doc = JsonDocument.Parse(Run([.. args]));
        return doc.RootElement[0].Clone();
    }

    public static bool LinkExists(string? ns, string device)
    {
        var args = new List<string>();
        if (ns is not null)
            args.AddRange(["-n", ns]);
        args.AddRange(["-j", "link", "show"]);
        using var doc = JsonDocument.Parse(Run([.. args]));
        return doc.RootElement.EnumerateArray().Any(l => l.GetProperty("ifname").GetString() == device);
    }

    public static JsonElement? Get(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var p in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(p, out current))
                return null;
        }
        return current;
    }
}
