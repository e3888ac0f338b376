namespace Tapyard.Core.Operations;

/// <summary>`network add --network CIDR [--gateway IP] [--network6 CIDR] [--gateway6 IP] [--mac-prefix P] [--add-reserved-ips IP,..] [--tags T,..] NAME`.</summary>
public sealed record NetworkAddRequest
{
    public required string Name { get; init; }
    /// <summary>The IPv4 subnet, required ("The --network option must be given").</summary>
    public string? Network { get; init; }
    public string? Gateway { get; init; }
    public string? Network6 { get; init; }
    public string? Gateway6 { get; init; }
    public string? MacPrefix { get; init; }
    public IReadOnlyList<string> AddReservedIps { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
}
