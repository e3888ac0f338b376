namespace Tapyard.Hypervisors.Libvirt;

/// <summary>What shapes every NIC of one domain besides its own parameters.</summary>
public sealed record LibvirtNicOptions
{
    public required string Instance { get; init; }
    public required string Node { get; init; }
    /// <summary>The instance's vCPUs: above 1, each NIC gets that many virtio queue pairs (multi-queue).</summary>
    public int Vcpus { get; init; } = 1;
    /// <summary>Whether /dev/vhost-net exists on the node: &lt;driver name='vhost'&gt;, else name='qemu' (PLATFORM.md: it may be missing).</summary>
    public bool VhostNet { get; init; } = true;
    /// <summary>Every NIC as type='ethernet' naming the device Tapyard plugged (managed='no').</summary>
    public bool PreparedDevices { get; init; }
    /// <summary>Devices Tapyard has plugged for this instance on <see cref="Node"/>, by NIC UUID (from the NIC runtime records).</summary>
    public IReadOnlyDictionary<Guid, string> PluggedDevices { get; init; } = new Dictionary<Guid, string>();
}
