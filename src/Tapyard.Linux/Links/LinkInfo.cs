namespace Tapyard.Linux.Links;

/// <summary>What the kernel reports about one link, parsed from RTM_NEWLINK.</summary>
public sealed record LinkInfo
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    /// <summary>IFLA_INFO_KIND ("macvtap", "veth", "bridge", "vlan", "tun"...); null for physical and loopback devices.</summary>
    public string? Kind { get; init; }
    public MacvlanMode? MacvlanMode { get; init; }
    public ushort? VlanId { get; init; }
    /// <summary>
    /// IFLA_LINK of a device stacked on another (macvtap, macvlan, vlan): the lower device, as an index
    /// in <see cref="LowerNamespaceId"/> when set. Null for a veth: its IFLA_LINK is the peer, which
    /// is not a lower device (see <see cref="PeerIndex"/>), so "devices on lower X" never lists X's peer.
    /// </summary>
    public int? LowerIndex { get; init; }
    /// <summary>A veth's other end (its IFLA_LINK), as an index in <see cref="LowerNamespaceId"/> when set.</summary>
    public int? PeerIndex { get; init; }
    /// <summary>IFLA_LINK_NETNSID: the lower device or veth peer lives in another namespace, known here by this id.</summary>
    public int? LowerNamespaceId { get; init; }
    public int? MasterIndex { get; init; }
    public string? SlaveKind { get; init; }
    public MacAddress? Mac { get; init; }
    public int Mtu { get; init; }
    public OperationalState OperationalState { get; init; }
    public InterfaceFlags Flags { get; init; }
    public int TxQueues { get; init; }
    public int RxQueues { get; init; }
    public int TxQueueLength { get; init; }
    public uint Group { get; init; }
    public int Promiscuity { get; init; }
    public int? AllMulticastCount { get; init; }
    public bool? BridgeVlanFiltering { get; init; }
    /// <summary>For a bridge port: hairpin (reflective relay) mode, frames may leave by the port they came in on.</summary>
    public bool? BridgePortHairpin { get; init; }
    /// <summary>For kind "tun": whether it is a tap (Ethernet frames) or a tun (IP packets).</summary>
    public TunLinkType? TunType { get; init; }
    /// <summary>For kind "tun": it outlives the fd that made it (TUNSETPERSIST).</summary>
    public bool? TunPersistent { get; init; }
    /// <summary>For kind "tun": made with IFF_MULTI_QUEUE, so each open of it is one queue.</summary>
    public bool? TunMultiQueue { get; init; }
    /// <summary>The IPv6 address generation mode (0 eui64, 1 none); null when IPv6 is off for the device.</summary>
    public byte? Ipv6AddressGenerationMode { get; init; }
    /// <summary>IFLA_IFALIAS, or null when the device has none.</summary>
    public string? Alias { get; init; }

    public bool IsUp => (Flags & InterfaceFlags.Up) != 0;
    public bool IsAllMulticast => (Flags & InterfaceFlags.AllMulticast) != 0;
    public bool IsPromiscuous => (Flags & InterfaceFlags.Promiscuous) != 0;
}
