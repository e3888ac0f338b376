using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// The fields of `network list`, named and titled as gnt-network list-fields names them
/// (19-network-list-fields.txt); names are the -o selectors and JSON keys, so keep them stable.
/// Default: name, network, gateway, mac_prefix, group_list, tags, as in Ganeti.
/// </summary>
internal static class NetworkFields
{
    /// <summary>Other spellings accepted by -o: the issue calls the instance list "Instances".</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["instances"] = "inst_list",
    };

    public static IReadOnlyList<Field<NetworkView>> All { get; } =
    [
        new("name", "Network", n => n.Name),
        new("network", "Subnet", n => n.Subnet),
        new("gateway", "Gateway", n => n.Gateway),
        new("mac_prefix", "MacPrefix", n => n.MacPrefix),
        new("group_list", "GroupList", n => n.Groups.Select(ConnectionText.ToJson).ToList())
        {
            Text = n => string.Join(", ", n.Groups.Select(ConnectionText.ListText)),
        },
        new("tags", "Tags", n => n.Tags) { Text = n => string.Join(",", n.Tags) },
        new("network6", "IPv6Subnet", n => n.Subnet6) { ShownByDefault = false },
        new("gateway6", "IPv6Gateway", n => n.Gateway6) { ShownByDefault = false },
        new("free_count", "FreeCount", n => n.FreeCount) { Numeric = true, ShownByDefault = false },
        new("reserved_count", "ReservedCount", n => n.ReservedCount) { Numeric = true, ShownByDefault = false },
        new("map", "Map", n => n.Map()) { ShownByDefault = false },
        new("group_cnt", "NodeGroups", n => n.Groups.Count) { Numeric = true, ShownByDefault = false },
        new("inst_cnt", "Instances", n => n.Users.Count) { Numeric = true, ShownByDefault = false },
        new("inst_list", "InstanceList", n => n.Users.Select(u => u.Instance).ToList())
        {
            ShownByDefault = false,
            Text = n => string.Join(",", n.Users.Select(u => u.Instance)),
        },
        new("external_reservations", "ExternalReservations", n => n.ExternalReservations)
        {
            ShownByDefault = false,
            Text = n => string.Join(", ", n.ExternalReservations),
        },
        new("uuid", "UUID", n => n.Uuid.ToString()) { ShownByDefault = false },
        new("serial_no", "SerialNo", n => n.Serial) { Numeric = true, ShownByDefault = false },
    ];

    /// <summary>
    /// `--output json` without -o: every field but the usage map, one character per address (16 MiB
    /// for a /8); it comes with -o map and in `network info`.
    /// </summary>
    public static IReadOnlyList<Field<NetworkView>> JsonDefault { get; } = [.. All.Where(f => f.Name != "map")];

    /// <summary>The -o text with aliases replaced by the field names.</summary>
    public static string? Canonical(string? selection)
    {
        if (selection is null)
            return null;
        bool add = selection.StartsWith('+');
        var names = selection.TrimStart('+').Split(',', StringSplitOptions.TrimEntries)
            .Select(n => Aliases.TryGetValue(n, out var real) ? real : n);
        return (add ? "+" : "") + string.Join(",", names);
    }
}
