namespace Tapyard.Bench.Plug;

/// <summary>One macvtap the bench creates: its name and the explicit ifindex it gets (so /dev/tapN is predictable).</summary>
public sealed record BenchDevice(string Name, int Index);
