using System.Text.Json;

namespace Tapyard.Linux.Tests.Support;

/// <summary>Reads links and addresses of a namespace through `ip -j`, the tests' independent witness.</summary>
internal static class IpLinks
{
    /// <summary>`ip -n NS -d -j link show`: every link of the namespace, parsed.</summary>
    public static IReadOnlyList<JsonElement> All(string ns)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", ns, "-d", "-j", "link", "show"));
        return doc.RootElement.EnumerateArray().Select(link => link.Clone()).ToList();
    }

    public static IReadOnlyList<string> Names(string ns) =>
        All(ns).Select(link => link.GetProperty("ifname").GetString()!).ToList();

    public static JsonElement ByIndex(string ns, int index) =>
        All(ns).Single(link => link.GetProperty("ifindex").GetInt32() == index);

    public static string String(this JsonElement link, params string[] path) =>
        link.Get(path) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new Xunit.Sdk.XunitException($"ip shows no string at {string.Join('.', path)} in {link}");

    public static int Int(this JsonElement link, params string[] path) =>
        link.Get(path) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : throw new Xunit.Sdk.XunitException($"ip shows no number at {string.Join('.', path)} in {link}");

    /// <summary>The IFF_* flag names ip prints ("UP", "ALLMULTI", "PROMISC", "LOWER_UP"...).</summary>
    public static IReadOnlyList<string> Flags(this JsonElement link) =>
        link.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()!).ToList();

    /// <summary>`ip -n NS -6 -j addr show dev DEV`: the IPv6 addresses on a device.</summary>
    public static IReadOnlyList<string> Ipv6Addresses(string ns, string device)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", ns, "-6", "-j", "addr", "show", "dev", device));
        return doc.RootElement.EnumerateArray()
            .SelectMany(link => link.TryGetProperty("addr_info", out var info) ? info.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(address => address.GetProperty("local").GetString()!)
            .ToList();
    }
}
