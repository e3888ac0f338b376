namespace Tapyard.Lab;

/// <summary>A node the lab registered in the config, and whether the config still has it.</summary>
public sealed record LabNodeStatus
{
    public required string Name { get; init; }
    public required string Netns { get; init; }
    public bool InConfig { get; init; }
    /// <summary>The node's primary IP as the config holds it (192.0.2.k for node k).</summary>
    public string? PrimaryIp { get; init; }
}
