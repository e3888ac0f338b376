namespace Tapyard.Lab;

/// <summary>One lab namespace: its role ("switch", "node", "outside"), whether it exists, and its devices.</summary>
public sealed record LabNamespaceStatus
{
    public required string Name { get; init; }
    public required string Role { get; init; }
    public bool Exists { get; init; }
    public IReadOnlyList<LabLinkStatus> Links { get; init; } = [];
}
