namespace Tapyard.Core.Operations;

/// <summary>`node add --group G [--netns NS] NAME`; <see cref="Netns"/> marks a lab node living in a namespace of this host.</summary>
public sealed record NodeAddRequest
{
    public required string Name { get; init; }
    public string Group { get; init; } = ClusterInitRequest.DefaultGroupName;
    public string? Netns { get; init; }
    /// <summary>`--primary-ip`: the node's own IPv4 address (dotted quad), unique in the cluster.</summary>
    public string? PrimaryIp { get; init; }
}
