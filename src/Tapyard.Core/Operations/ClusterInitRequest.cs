using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>What `cluster init` takes: the MAC prefix of generated MACs and the default NIC parameters (-N).</summary>
public sealed record ClusterInitRequest
{
    public const string DefaultMacPrefix = "aa:00:00";
    public const string DefaultGroupName = "default";

    public string Name { get; init; } = "tapyard";
    public string MacPrefix { get; init; } = DefaultMacPrefix;
    public NicParams NicParams { get; init; } = NicParams.Empty;
    /// <summary>The node group created with the cluster, as Ganeti creates "default".</summary>
    public string GroupName { get; init; } = DefaultGroupName;
    /// <summary>The default hypervisor of instances (qemu or libvirt); null: qemu.</summary>
    public string? Hypervisor { get; init; }
}
