namespace Tapyard.Hypervisors.Libvirt;

public sealed record LibvirtDriverOptions
{
    /// <summary>Overrides the libvirt URI of every node; "{node}" in it is replaced by the node's name.</summary>
    public const string UriVariable = "TAPYARD_LIBVIRT_URI";

    public const string DefaultUri = "qemu:///system";

    /// <summary>
    /// null: TAPYARD_LIBVIRT_URI, else the libvirtd `tapyard node libvirtd NODE` runs for the node when its
    /// socket exists, else qemu:///system. "{node}" is replaced by the node's name (one libvirtd per lab node).
    /// </summary>
    public string? Uri { get; init; }

    /// <summary>null: TAPYARD_RUN_DIR, else /run/tapyard.</summary>
    public string? RuntimeDirectory { get; init; }

    /// <summary>What instances boot; null: no kernel (firmware only).</summary>
    public IGuestBootProvider? Boot { get; init; }

    /// <summary>"kvm" or "tcg" forces the accelerator (domain type kvm or qemu); null: detected as the QEMU driver does.</summary>
    public string? Accelerator { get; init; }

    /// <summary>
    /// How long stop waits for the guest to power off after an ACPI shutdown before destroying it;
    /// zero (the default, as the QEMU driver's `quit`) destroys at once.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.Zero;

    public string VirshBinary { get; init; } = Virsh.DefaultBinary;

    /// <summary>NIC hooks the node's NodeNics run (as the QEMU driver's); null: none.</summary>
    public Node.Hooks.NicHooks? Hooks { get; init; }

    /// <summary>ovs-vsctl's --db for openvswitch NICs (unix:PATH); null: ovs-vsctl's default.</summary>
    public string? OvsDatabase { get; init; }

    /// <summary>
    /// true: libvirt creates and deletes the instance's macvtaps itself (&lt;interface type='direct'&gt; on the
    /// NIC's link, as `instance xml` prints it); Tapyard plugs, records and sweeps no device for it, and
    /// `node verify` leaves libvirt's macvtapN alone (only vtap* devices are Tapyard's). Only macvtap NICs.
    /// false (the default): Tapyard plugs the devices and hands them over as type='ethernet' managed='no',
    /// because libvirt opens a direct NIC's /dev/tap&lt;ifindex&gt; by ifindex, and ifindexes are per network
    /// namespace while /dev is global: with libvirtds in several namespaces (lab nodes) a guest can be
    /// attached to another node's device (the /dev/tapN collision, PLATFORM.md). Use this only where one
    /// libvirtd's namespace is the only one creating macvtaps, or to run as Nova's libvirt driver does.
    /// </summary>
    public bool LibvirtManagesNics { get; init; }

    /// <summary>The URI for <paramref name="node"/>.</summary>
    public string UriFor(string node)
    {
        string? template = Uri ?? Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrEmpty(template))
        {
            string socket = Core.Store.RuntimeDirectory.LibvirtSocketOf(Core.Store.RuntimeDirectory.Resolve(RuntimeDirectory), node);
            return File.Exists(socket) ? $"qemu+unix:///system?socket={socket}" : DefaultUri;
        }
        return template.Replace("{node}", node, StringComparison.Ordinal);
    }
}
