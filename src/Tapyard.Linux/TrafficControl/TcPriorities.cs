namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// Which tc filter priority (lower runs first) each Tapyard filter takes on a device's clsact, so
/// they share one qdisc without replacing each other.
/// </summary>
public static class TcPriorities
{
    /// <summary>
    /// On a parent device: the filter that hands VLAN V's frames to sub-interface P.V takes priority
    /// 4096 + V, one filter per VLAN: a range of its own, away from the low priorities other tools
    /// (an admin's u32 filters, Cilium's priority 1) and Tapyard's own guest-device filters use.
    /// </summary>
    public static ushort ParentVlan(ushort vlan) => (ushort)(ParentVlanBase + vlan);

    /// <summary>The VLAN whose parent filter sits at <paramref name="priority"/>; null outside that range.</summary>
    public static ushort? VlanOfParentPriority(ushort priority) =>
        priority is > ParentVlanBase and < ParentVlanBase + 4095 ? (ushort)(priority - ParentVlanBase) : null;

    private const ushort ParentVlanBase = 4096;

    /// <summary>On a sub-interface's veth peer, and on a bridged tap (access port): the VLAN tag/untag programs.</summary>
    public const ushort Vlan = 10;

    /// <summary>
    /// On a guest device: the shaping redirect to its ifb (DeviceShaping). After <see cref="Vlan"/>,
    /// so a frame is tagged before it is shaped and handed back.
    /// </summary>
    public const ushort Shaping = 20;
}
