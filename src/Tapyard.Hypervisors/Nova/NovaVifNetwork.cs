namespace Tapyard.Hypervisors.Nova;

/// <summary>The parts of a VIF's "network" object Tapyard reads: the bridge for bridge and ovs VIFs.</summary>
public sealed record NovaVifNetwork
{
    public string? Id { get; init; }
    public string? Label { get; init; }
    /// <summary>Linux bridge (vif_type bridge) or Open vSwitch bridge (vif_type ovs) to attach to.</summary>
    public string? Bridge { get; init; }

    public static NovaVifNetwork Empty { get; } = new();
}
