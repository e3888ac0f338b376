namespace Tapyard.Core.Operations;

/// <summary>
/// An instance with NICs on a network: each NIC's index and IP (null when it has none), as
/// gnt-network info lists them ("inst1: 0:192.0.2.2, 2:None").
/// </summary>
public sealed record NetworkUser(string Instance, IReadOnlyList<(int Index, string? Ip)> Nics);
