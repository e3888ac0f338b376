namespace Tapyard.Node;

/// <summary>
/// The runtime record of one host device made for a NIC: written before the device is created and
/// removed after it is gone, so a crash at any point leaves a record or no device, never an unknown
/// device. Stored as &lt;run&gt;/nics/&lt;node&gt;/&lt;device&gt;.json.
/// </summary>
public sealed record NicRecord
{
    public required string Instance { get; init; }
    public required Guid InstanceUuid { get; init; }
    public required int NicIndex { get; init; }
    public required Guid NicUuid { get; init; }
    /// <summary>macvtap, bridged, routed or openvswitch (Ganeti's nicparams mode names).</summary>
    public required string Mode { get; init; }
    /// <summary>For macvtap: vepa, bridge, private or passthru.</summary>
    public string? MvtapMode { get; init; }
    public required string Device { get; init; }
    /// <summary>The ifindex the device is (or is about to be) created with: host-wide unique, so /dev/tapN is too.</summary>
    public required int Ifindex { get; init; }
    public required string Mac { get; init; }
    public string? Lower { get; init; }
    public required string Node { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The process that wrote the record (for diagnostics: a record outliving its process is stale only if its instance is not running).</summary>
    public int ProcessId { get; init; }
    /// <summary>passthru: the lower device's MAC before the guest's replaced it, restored on unplug.</summary>
    public string? LowerMacBefore { get; init; }
    /// <summary>passthru: whether the lower device was up before, restored on unplug.</summary>
    public bool? LowerUpBefore { get; init; }
    /// <summary>bridged: the Linux bridge the tap is a port of.</summary>
    public string? Bridge { get; init; }
    /// <summary>routed: the routing table (id) holding the NIC's /32 route to the tap.</summary>
    public uint? RouteTable { get; init; }
    /// <summary>routed (and anti-spoofing): the NIC's IPv4 address.</summary>
    public string? Ip { get; init; }
    /// <summary>openvswitch: the OVS bridge the tap is a port of (removed from it on unplug).</summary>
    public string? OvsBridge { get; init; }
    /// <summary>The NIC's VLAN: openvswitch: the port's tag; bridged: the tap's access VLAN; macvtap: the VLAN of the sub-interface <see cref="Lower"/>.</summary>
    public int? Vlan { get; init; }
    /// <summary>macvtap with a VLAN: the device the sub-interface <see cref="Lower"/> (PARENT.VLAN) sits on; the sub-interface is removed with its last user when Tapyard made it.</summary>
    public string? VlanParent { get; init; }
    /// <summary>openvswitch anti-spoofing: the cookie of the NIC's OpenFlow rules on <see cref="OvsBridge"/>, removed with them on unplug.</summary>
    public ulong? OvsFlowCookie { get; init; }
    /// <summary>Anti-spoofing: the nftables netdev table guarding the device, deleted after the device is gone.</summary>
    public string? SpoofTable { get; init; }
    /// <summary>bw_in/bw_out: the ifb device that shapes what the device receives, deleted after the device.</summary>
    public string? Ifb { get; init; }
    /// <summary>The NIC hooks' variables (Hooks.HookEnvironment) when the mode has hooks: down hooks get what up hooks got, even after a crash.</summary>
    public Dictionary<string, string>? HookEnvironment { get; init; }
}
