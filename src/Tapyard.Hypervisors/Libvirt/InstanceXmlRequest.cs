namespace Tapyard.Hypervisors.Libvirt;

/// <summary>What `tapyard instance xml` was asked for; null members take the host's defaults.</summary>
public sealed record InstanceXmlRequest
{
    public required string Instance { get; init; }
    /// <summary>Every NIC as type='ethernet' on the device Tapyard plugged (from the NIC runtime records).</summary>
    public bool PreparedDevices { get; init; }
    /// <summary>Where the NIC runtime records live (null: $TAPYARD_RUN_DIR, else /run/tapyard).</summary>
    public string? RuntimeDirectory { get; init; }
    public string? Kernel { get; init; }
    public string? Initrd { get; init; }
    public string? Cmdline { get; init; }
    /// <summary>kvm or qemu; null: kvm only with real KVM, as the QEMU driver detects it (<see cref="Qemu.QemuAccelerator.Detect"/>).</summary>
    public string? DomainType { get; init; }
    /// <summary>The serial console's unix socket; null: &lt;run&gt;/consoles/&lt;instance&gt;.sock.</summary>
    public string? SerialSocket { get; init; }
    /// <summary>null: whether /dev/vhost-net exists.</summary>
    public bool? VhostNet { get; init; }
}
