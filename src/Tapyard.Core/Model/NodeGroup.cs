using Tapyard.Core.Nics;

namespace Tapyard.Core.Model;

/// <summary>A node group and the networks connected to it, each with the NIC parameters it gives.</summary>
public sealed class NodeGroup
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public long Serial { get; set; } = 1;
    public required string Name { get; set; }
    /// <summary>Connected networks by network UUID, with the parameters of NICs on that network in this group.</summary>
    public Dictionary<Guid, NicParams> Networks { get; set; } = [];
}
