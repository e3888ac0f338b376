namespace Tapyard.Lab;

/// <summary>What `lab status` reports: the lab's namespaces and devices as found, its nodes, and what is missing.</summary>
public sealed record LabStatus
{
    public required string Name { get; init; }
    public required LabState State { get; init; }
    public required int Nodes { get; init; }
    /// <summary>Whether this state directory holds a record of the lab (made by `lab up` with it).</summary>
    public bool Recorded { get; init; }
    public IReadOnlyList<LabNamespaceStatus> Namespaces { get; init; } = [];
    public IReadOnlyList<LabNodeStatus> RegisteredNodes { get; init; } = [];
    /// <summary>What a complete lab has and this one lacks, one phrase each ("namespace tylab-n2").</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
