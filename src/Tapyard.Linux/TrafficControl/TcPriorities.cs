namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// Which tc filter priority (lower runs first) each Tapyard filter takes on a device's clsact, so
/// they share one qdisc without replacing each other.
/// </summary>
public static class TcPriorities
{
    /// <summary>
    /// On a parent device: the filter that hands VLAN V's frames to sub-interface P.V takes priority V
    /// (1..4094), one filter per VLAN.
    /// </summary>
    public static ushort ParentVlan(ushort vlan) => vlan;

    /// <summary>On a sub-interface's veth peer, and on a bridged tap (access port): the VLAN tag/untag programs.</summary>
    public const ushort Vlan = 10;

    /// <summary>
    /// On a guest device: the shaping redirect to its ifb (DeviceShaping). After <see cref="Vlan"/>,
    /// so a frame is tagged before it is shaped and handed back.
    /// </summary>
    public const ushort Shaping = 20;
}
