using Tapyard.Core.Nics;
using Tapyard.Linux.Links;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// One &lt;interface&gt; element, as data: built from a Tapyard NIC (<see cref="LibvirtNicInterfaces"/>) or a
/// Nova VIF (Nova.NovaVifXml), written by <see cref="LibvirtInterfaceXml"/>. Which members apply
/// depends on <see cref="Type"/>; the builders set only those.
/// </summary>
public sealed record LibvirtInterface
{
    public required LibvirtInterfaceType Type { get; init; }
    public required MacAddress Mac { get; init; }
    /// <summary>direct: the device the macvtap sits on (LINK or LINK.VLAN).</summary>
    public string? SourceDev { get; init; }
    /// <summary>direct: the macvtap mode (written with libvirt's spelling, passthru as passthrough).</summary>
    public MvtapMode? DirectMode { get; init; }
    /// <summary>bridge: the Linux or Open vSwitch bridge.</summary>
    public string? SourceBridge { get; init; }
    /// <summary>bridge: &lt;virtualport type='openvswitch'&gt; (libvirt adds the port with ovs-vsctl).</summary>
    public bool OpenvswitchPort { get; init; }
    /// <summary>openvswitch: the port's external-ids:iface-id (a UUID in libvirt's schema).</summary>
    public Guid? InterfaceId { get; init; }
    /// <summary>&lt;vlan&gt;&lt;tag id=.../&gt;&lt;/vlan&gt;.</summary>
    public int? VlanTag { get; init; }
    /// <summary>&lt;target dev=.../&gt;: the host device name.</summary>
    public string? TargetDev { get; init; }
    /// <summary>&lt;target managed='no'/&gt;: the device exists already and libvirt must neither create nor delete it.</summary>
    public bool TargetUnmanaged { get; init; }
    /// <summary>virtio-net queue pairs; above 1 gives &lt;driver queues=N/&gt;.</summary>
    public int Queues { get; init; } = 1;
    /// <summary>&lt;driver name=...&gt;: "vhost" (in-kernel virtio backend) or "qemu"; null: libvirt decides.</summary>
    public string? DriverName { get; init; }
    public BandwidthLimit? Inbound { get; init; }
    public BandwidthLimit? Outbound { get; init; }
    public string Model { get; init; } = "virtio";
}
