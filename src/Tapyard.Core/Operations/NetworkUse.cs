using Tapyard.Core.Model;

namespace Tapyard.Core.Operations;

/// <summary>One NIC on a network: which instance, which NIC index, which address (gnt-network info's "inst1: 0:192.0.2.2").</summary>
public sealed record NetworkUse(Instance Instance, int NicIndex, string? Ip);
