namespace Tapyard.Hypervisors.Nova;

/// <summary>The parts of a VIF's "network" object Tapyard reads: the bridge for bridge and ovs VIFs, the MTU for tap VIFs.</summary>
public sealed record NovaVifNetwork
{
    public string? Id { get; init; }
    public string? Label { get; init; }
    /// <summary>Linux bridge (vif_type bridge) or Open vSwitch bridge (vif_type ovs) to attach to.</summary>
    public string? Bridge { get; init; }
    /// <summary>"meta": {"mtu": N}: the network's MTU, which Nova's plug_tap sets on the tap (null: not given).</summary>
    public int? Mtu { get; init; }

    /// <summary>What a Linux device accepts as MTU at the least (IPv4's minimum, ETH_MIN_MTU) and at the most (a tap's max_mtu).</summary>
    public const int MinMtu = 68, MaxMtu = 65535;

    public static NovaVifNetwork Empty { get; } = new();
}
