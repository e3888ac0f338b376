namespace Tapyard.Bench.Vlan;

/// <summary>One path's figures: iperf3 TCP throughput (median of the rounds) and UDP echo round trip (median of all).</summary>
public sealed record VlanPathFigures(double ThroughputMbits, double RoundTripMicroseconds, int Rounds, int Echoes);
