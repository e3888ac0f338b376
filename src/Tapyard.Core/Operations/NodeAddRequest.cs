namespace Tapyard.Core.Operations;

/// <summary>`node add --group G [--netns NS] NAME`; <see cref="Netns"/> marks a lab node living in a namespace of this host.</summary>
public sealed record NodeAddRequest
{
    public required string Name { get; init; }
    public string Group { get; init; } = ClusterInitRequest.DefaultGroupName;
    public string? Netns { get; init; }
}
