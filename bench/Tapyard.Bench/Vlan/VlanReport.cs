namespace Tapyard.Bench.Vlan;

/// <summary>The figures of one `tapyard bench vlan` run: the same two namespaces, untagged and through VLAN sub-interfaces.</summary>
public sealed record VlanReport
{
    public required VlanPathFigures Untagged { get; init; }
    public required VlanPathFigures Tagged { get; init; }
    /// <summary>Median time to make one tc-bpf sub-interface (veth pair, two programs loaded and attached), milliseconds.</summary>
    public required double CreateMilliseconds { get; init; }
    /// <summary>Median time to delete one (its parent filter, then the veth pair: one RCU grace period), milliseconds.</summary>
    public required double DeleteMilliseconds { get; init; }
    public required int CreateDeleteRuns { get; init; }
    public double ThroughputRatio => Tagged.ThroughputMbits / Untagged.ThroughputMbits;
    public double RoundTripRatio => Tagged.RoundTripMicroseconds / Untagged.RoundTripMicroseconds;
}
