using System.Text.Json;

namespace Tapyard.Linux.Tests.Support;

/// <summary>iproute2's tc (6.1) as the independent witness of qdiscs and filters.</summary>
internal static class Tc
{
    /// <summary>`tc -n NS -j qdisc show dev DEV`: the kinds of the device's qdiscs.</summary>
    public static IReadOnlyList<string> QdiscKinds(string ns, string device)
    {
        using var doc = JsonDocument.Parse(Ip.RunProgram("tc", "-n", ns, "-j", "qdisc", "show", "dev", device));
        return doc.RootElement.EnumerateArray().Select(q => q.GetProperty("kind").GetString()!).ToList();
    }

    /// <summary>
    /// `tc -n NS -j filter show dev DEV ingress|egress`, as (priority, kind, bpf name or "") per entry
    /// with options (the per-priority head entries are left out; a u32 filter shows twice: its hash
    /// table and its rule).
    /// </summary>
    public static IReadOnlyList<(int Priority, string Kind, string Name)> Filters(string ns, string device, string hook)
    {
        string text = Ip.RunProgram("tc", "-n", ns, "-j", "filter", "show", "dev", device, hook);
        using var doc = JsonDocument.Parse(text.Length == 0 ? "[]" : text);
        return doc.RootElement.EnumerateArray()
            .Where(f => f.TryGetProperty("options", out _))
            .Select(f => (f.GetProperty("pref").GetInt32(), f.GetProperty("kind").GetString()!,
                f.GetProperty("options").TryGetProperty("bpf_name", out var name) ? name.GetString()! : ""))
            .ToList();
    }
}
