using Tapyard.Core.Nics;

namespace Tapyard.Core.Model;

/// <summary>
/// One NIC of an instance. <see cref="Params"/> holds only what was given for this NIC; the
/// effective parameters come from the network's connection to the node's group, then the cluster
/// (see NicParamsResolver).
/// </summary>
public sealed class Nic
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public string? Name { get; set; }
    public required string Mac { get; set; }
    public string? Ip { get; set; }
    public Guid? NetworkUuid { get; set; }
    public NicParams Params { get; set; } = NicParams.Empty;
}
