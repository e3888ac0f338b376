using Tapyard.Cli.Output;
using Tapyard.Core.Nics;

namespace Tapyard.Cli.Commands.Network;

/// <summary>A node group a network is connected to, with the NIC parameters the connection gives.</summary>
internal sealed record GroupConnection(string Group, NicMode Mode, string? Link, int? Vlan, MvtapMode? MvtapMode)
{
    /// <summary>
    /// `network list`'s GroupList entry. Ganeti's form is "default (bridged, br0, )"; the MacVTap
    /// design adds mvtap_mode as a fourth part for macvtap only: "vtap_group (macvtap, eth0, , bridge)".
    /// </summary>
    public string ListText() => Mode == NicMode.Macvtap
        ? $"{Group} ({NicText.Mode(Mode)}, {Link}, {Vlan}, {NicText.MvtapMode(MvtapMode)})"
        : $"{Group} ({NicText.Mode(Mode)}, {Link}, {Vlan})";

    /// <summary>`network info`'s line: "default (mode:bridged link:br0 vlan:)", with " mvtap_mode:bridge" for macvtap.</summary>
    public string InfoText() => Mode == NicMode.Macvtap
        ? $"{Group} (mode:{NicText.Mode(Mode)} link:{Link} vlan:{Vlan} mvtap_mode:{NicText.MvtapMode(MvtapMode)})"
        : $"{Group} (mode:{NicText.Mode(Mode)} link:{Link} vlan:{Vlan})";

    public JsonObject ToJson() => new()
    {
        { "group", Group },
        { "mode", NicText.Mode(Mode) },
        { "link", Link },
        { "vlan", Vlan },
        { "mvtap_mode", NicText.MvtapMode(MvtapMode) },
    };
}
