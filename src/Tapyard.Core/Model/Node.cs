namespace Tapyard.Core.Model;

public sealed class Node
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public long Serial { get; set; } = 1;
    public required string Name { get; set; }
    public required Guid GroupUuid { get; set; }
    /// <summary>For a lab node: the network namespace of this host it lives in; null for a real host.</summary>
    public string? Netns { get; set; }
    /// <summary>The node's own IPv4 address (Ganeti's primary IP, field `pip`): where other nodes reach it, e.g. for live migration.</summary>
    public string? PrimaryIp { get; set; }
}
