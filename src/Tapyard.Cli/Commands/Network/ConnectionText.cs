using Tapyard.Cli.Output;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

/// <summary>How a network's connection to a node group is printed (ClusterState.ConnectionsOf computes it).</summary>
internal static class ConnectionText
{
    /// <summary>
    /// `network list`'s GroupList entry. Ganeti's form is "default (bridged, br0, )"; the MacVTap
    /// design adds mvtap_mode as a fourth part for macvtap only: "vtap_group (macvtap, eth0, , bridge)".
    /// </summary>
    public static string ListText(NetworkConnection connection)
    {
        var p = connection.Effective;
        return p.Mode == NicMode.Macvtap
            ? $"{connection.Group.Name} ({NicText.Mode(p.Mode)}, {p.Link}, {p.Vlan}, {NicText.MvtapMode(p.MvtapMode)})"
            : $"{connection.Group.Name} ({NicText.Mode(p.Mode)}, {p.Link}, {p.Vlan})";
    }

    /// <summary>`network info`'s line: "default (mode:bridged link:br0 vlan:)", with " mvtap_mode:bridge" for macvtap.</summary>
    public static string InfoText(NetworkConnection connection)
    {
        var p = connection.Effective;
        return p.Mode == NicMode.Macvtap
            ? $"{connection.Group.Name} (mode:{NicText.Mode(p.Mode)} link:{p.Link} vlan:{p.Vlan} mvtap_mode:{NicText.MvtapMode(p.MvtapMode)})"
            : $"{connection.Group.Name} (mode:{NicText.Mode(p.Mode)} link:{p.Link} vlan:{p.Vlan})";
    }

    public static JsonObject ToJson(NetworkConnection connection) => new()
    {
        { "group", connection.Group.Name },
        { "mode", NicText.Mode(connection.Effective.Mode) },
        { "link", connection.Effective.Link },
        { "vlan", connection.Effective.Vlan },
        { "mvtap_mode", NicText.MvtapMode(connection.Effective.MvtapMode) },
    };

    /// <summary>An instance on the network in `network info --output json`.</summary>
    public static JsonObject ToJson(NetworkUser user) => new()
    {
        { "name", user.Instance },
        { "nics", user.Nics.Select(n => new JsonObject { { "index", n.Index }, { "ip", n.Ip } }).ToList() },
    };
}
