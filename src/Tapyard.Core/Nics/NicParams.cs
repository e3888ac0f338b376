namespace Tapyard.Core.Nics;

/// <summary>
/// NIC parameters as given somewhere (cluster default, a group's connection to a network, a NIC of
/// its own). Null means "not given here: inherit". <see cref="NicParamsRules"/> fills and checks them.
/// </summary>
public sealed record NicParams
{
    public NicMode? Mode { get; init; }
    public string? Link { get; init; }
    /// <summary>802.1Q VLAN id, 1..4094 (openvswitch, bridged on a vlan-filtering bridge, macvtap on link.VLAN).</summary>
    public int? Vlan { get; init; }
    public MvtapMode? MvtapMode { get; init; }
    /// <summary>Rate limit of traffic to the guest (bw_in; libvirt's &lt;inbound&gt;), null: none.</summary>
    public BandwidthLimit? BwIn { get; init; }
    /// <summary>Rate limit of traffic from the guest (bw_out; libvirt's &lt;outbound&gt;), null: none.</summary>
    public BandwidthLimit? BwOut { get; init; }
    /// <summary>Anti-spoofing: drop the guest's frames with another source MAC (and ARP/IPv4 with another sender/source IP). Default on.</summary>
    public bool? SpoofCheck { get; init; }

    public static NicParams Empty { get; } = new();

    /// <summary>These values where given, <paramref name="fallback"/>'s where not.</summary>
    public NicParams Over(NicParams fallback) => new()
    {
        Mode = Mode ?? fallback.Mode,
        Link = Link ?? fallback.Link,
        Vlan = Vlan ?? fallback.Vlan,
        MvtapMode = MvtapMode ?? fallback.MvtapMode,
        BwIn = BwIn ?? fallback.BwIn,
        BwOut = BwOut ?? fallback.BwOut,
        SpoofCheck = SpoofCheck ?? fallback.SpoofCheck,
    };
}
