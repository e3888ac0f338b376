using Tapyard.Core.Operations;
namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// Everything `network list` and `network info` print about one network, resolved from the
/// cluster state: the formatters are pure functions of it. The usage map is computed only when
/// asked for, since a /8 has 16 million addresses.
/// </summary>
internal sealed record NetworkView
{
    public required string Name { get; init; }
    public required Guid Uuid { get; init; }
    public required long Serial { get; init; }
    /// <summary>"192.0.2.0/28".</summary>
    public required string Subnet { get; init; }
    public string? Gateway { get; init; }
    public string? Subnet6 { get; init; }
    public string? Gateway6 { get; init; }
    public string? MacPrefix { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required int Size { get; init; }
    public required int FreeCount { get; init; }
    public int ReservedCount => Size - FreeCount;
    /// <summary>One character per address: 'X' used or reserved, '.' free.</summary>
    public required Func<string> Map { get; init; }
    /// <summary>Network, broadcast, gateway and the administrator's reservations, in address order.</summary>
    public IReadOnlyList<string> ExternalReservations { get; init; } = [];
    public IReadOnlyList<NetworkConnection> Groups { get; init; } = [];
    public IReadOnlyList<NetworkUser> Users { get; init; } = [];
}
