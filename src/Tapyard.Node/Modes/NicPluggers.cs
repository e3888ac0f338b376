using Tapyard.Core.Nics;
using Tapyard.Linux.Links;

namespace Tapyard.Node.Modes;

/// <summary>The plugger of each mode on one node, and what tells a Tapyard device from anyone else's.</summary>
internal sealed class NicPluggers
{
    private readonly Dictionary<NicMode, NicPlugger> _byMode;

    public NicPluggers(NodeContext node)
    {
        NicPlugger[] all = [new MacvtapPlugger(node), new BridgedPlugger(node), new RoutedPlugger(node), new OpenVswitchPlugger(node), new UnconnectedTapPlugger(node)];
        _byMode = all.ToDictionary(plugger => plugger.Mode);
    }

    public NicPlugger Of(NicMode mode) => _byMode[mode];

    /// <summary>The plugger of a record's mode (records store Ganeti's mode names, or "tap").</summary>
    public NicPlugger Of(NicRecord record) => _byMode[ModeOf(record)];

    /// <summary>A record's mode: a nicparams mode, or <see cref="NicMode.Tap"/>, which only records and Nova tap VIFs name.</summary>
    public static NicMode ModeOf(NicRecord record) =>
        record.Mode == NicNames.Of(NicMode.Tap) ? NicMode.Tap : NicNames.ParseMode(record.Mode);

    /// <summary>The ifb that shapes a device's ingress is this prefix plus the device's name (DeviceShaping.IfbNameOf).</summary>
    public const string IfbPrefix = "ifb";

    /// <summary>An ifb named after a Tapyard device (ifbvtap3...): the kernel's own ifb0/ifb1 and anyone else's ifbs are never orphans.</summary>
    public static bool IsTapyardIfb(LinkInfo link) =>
        link.Kind == LinkKinds.Ifb && link.Name.StartsWith(IfbPrefix, StringComparison.Ordinal)
        && IsTapyardName(link.Name[IfbPrefix.Length..]);

    private static bool IsTapyardName(string name) =>
        name.StartsWith(NodeNics.MacvtapPrefix, StringComparison.Ordinal)
        || name.StartsWith(NodeNics.BridgedPrefix, StringComparison.Ordinal)
        || name.StartsWith(NodeNics.RoutedPrefix, StringComparison.Ordinal)
        || name.StartsWith(NodeNics.OpenVswitchPrefix, StringComparison.Ordinal);

    /// <summary>
    /// A device Tapyard makes: a macvtap named vtap*, or a tap (kind tun) named tytap*, tyrt* or tyovs*.
    /// A macvlan, or anyone else's macvtap or tap, is never taken for an orphan; nor is a Nova tap VIF's
    /// tap* (<see cref="UnconnectedTapPlugger"/>): it is Tapyard's only while a record names it.
    /// </summary>
    public static bool IsTapyardDevice(LinkInfo link) => link.Kind switch
    {
        LinkKinds.Macvtap => link.Name.StartsWith(NodeNics.MacvtapPrefix, StringComparison.Ordinal),
        LinkKinds.Tun => link.Name.StartsWith(NodeNics.BridgedPrefix, StringComparison.Ordinal)
            || link.Name.StartsWith(NodeNics.RoutedPrefix, StringComparison.Ordinal)
            || link.Name.StartsWith(NodeNics.OpenVswitchPrefix, StringComparison.Ordinal),
        _ => false,
    };
}
