using System.Net;
using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Node.Programs;

namespace Tapyard.Node.AntiSpoof;

/// <summary>
/// Anti-spoofing tables in a node's namespace, applied with nft reading the ruleset on stdin. nft
/// has no netns option: it is started from the namespace's own thread (a child is created in its
/// parent thread's namespaces), without an extra `ip netns exec` process per call.
/// One table per device (tapyard_&lt;device&gt;): removal is one "delete table", and a leftover names its device.
/// The kernel does not remove a netdev chain when its device is deleted (measured, 6.18), so tables
/// are deleted after their device, and sweeps and `node verify` look for leftovers.
/// </summary>
public sealed class SpoofGuard(NetworkNamespace networkNamespace)
{
    public const string TablePrefix = "tapyard_";

    public static string TableOf(string device) => TablePrefix + device;

    public static string? DeviceOf(string table) =>
        table.StartsWith(TablePrefix, StringComparison.Ordinal) && table.Length > TablePrefix.Length ? table[TablePrefix.Length..] : null;

    /// <summary>Installs (or replaces) the table guarding <paramref name="device"/>.</summary>
    public void Apply(string table, string device, SpoofHook hook, MacAddress mac, IPAddress? ip) =>
        ApplyAll([new SpoofTableSpec(table, device, hook, mac, ip)]);

    /// <summary>Installs (or replaces) several tables in one nft run and one atomic transaction (an instance's NICs: one process instead of one per NIC).</summary>
    public void ApplyAll(IReadOnlyList<SpoofTableSpec> tables)
    {
        if (tables.Count > 0)
            Nft(["-f", "-"], string.Concat(tables.Select(t => SpoofRuleset.Build(t.Table, t.Device, t.Hook, t.Mac, t.Ip, t.ForwardTo))));
    }

    public void Remove(IReadOnlyCollection<string> tables)
    {
        if (tables.Count > 0)
            Nft(["-f", "-"], SpoofRuleset.Delete(tables));
    }

    /// <summary>The tapyard_* netdev tables of the namespace.</summary>
    public IReadOnlyList<string> List()
    {
        string json = Nft(["-j", "list", "tables", "netdev"], null);
        using var doc = JsonDocument.Parse(json);
        var tables = new List<string>();
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
            if (item.TryGetProperty("table", out var table) && table.GetProperty("name").GetString() is { } name && DeviceOf(name) is not null)
                tables.Add(name);
        return tables;
    }

    private string Nft(IReadOnlyList<string> arguments, string? input)
    {
        try
        {
            // Started from the namespace's own thread, so nft (which has no netns option) is born inside it.
            return ExternalProgram.Run("nft", arguments, input, networkNamespace);
        }
        catch (TapyardException e)
        {
            throw new TapyardException($"anti-spoofing in namespace {networkNamespace}: {e.Message}", e);
        }
    }
}
