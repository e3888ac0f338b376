using Tapyard.Core.Nics;

namespace Tapyard.Core.Model;

/// <summary>Cluster-wide settings: the MAC prefix and the default NIC parameters.</summary>
public sealed class Cluster
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public long Serial { get; set; } = 1;
    public required string Name { get; set; }
    /// <summary>Three octets ("aa:00:00"), the prefix of generated MACs when a network has none.</summary>
    public required string MacPrefix { get; set; }
    /// <summary>What a NIC without parameters of its own (and not on a connected network) gets.</summary>
    public NicParams DefaultNicParams { get; set; } = NicParams.Empty;
    /// <summary>The default link of each mode, used when a NIC gives a mode but no link.</summary>
    public Dictionary<NicMode, string> DefaultLinks { get; set; } = [];
    /// <summary>The hypervisor of instances that name none; null: qemu (<see cref="HypervisorNames.Default"/>).</summary>
    public string? DefaultHypervisor { get; set; }
}
