namespace Tapyard.Core.Model;

public sealed class Instance
{
    public Guid Uuid { get; set; } = Guid.NewGuid();
    public long Serial { get; set; } = 1;
    public required string Name { get; set; }
    public required Guid NodeUuid { get; set; }
    public int Vcpus { get; set; } = 1;
    public int MemoryMiB { get; set; } = 256;
    public InstanceState State { get; set; } = InstanceState.Stopped;
    public List<Nic> Nics { get; set; } = [];
    /// <summary>qemu or libvirt (<see cref="HypervisorNames"/>); null: the cluster's default.</summary>
    public string? Hypervisor { get; set; }
}
