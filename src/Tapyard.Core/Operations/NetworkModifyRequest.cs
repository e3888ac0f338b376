namespace Tapyard.Core.Operations;

/// <summary>
/// `network modify`: null leaves a value as it is; "none" clears the gateway, IPv6 subnet/gateway
/// or MAC prefix. A new gateway is reserved and the old one released, as Ganeti does.
/// </summary>
public sealed record NetworkModifyRequest
{
    public const string None = "none";

    public required string Name { get; init; }
    public string? Gateway { get; init; }
    public string? Network6 { get; init; }
    public string? Gateway6 { get; init; }
    public string? MacPrefix { get; init; }
    public IReadOnlyList<string> AddReservedIps { get; init; } = [];
    public IReadOnlyList<string> RemoveReservedIps { get; init; } = [];
    public IReadOnlyList<string> AddTags { get; init; } = [];
    public IReadOnlyList<string> RemoveTags { get; init; } = [];
}
