using System.Xml.Linq;
using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// The &lt;interface&gt; Nova's libvirt vif driver builds for a VIF (nova/virt/libvirt/vif.py and
/// designer.py): macvtap → type='direct', source dev = details.macvtap_source as given (with a VLAN,
/// Neutron's agent names the sub-interface there and the plug creates it), mode = details.macvtap_mode;
/// bridge → type='bridge' on network.bridge with target dev = devname; ovs → the same plus
/// &lt;virtualport type='openvswitch'&gt; with interfaceid = ovs_interfaceid or the port id; tap →
/// type='ethernet' with target dev = devname and managed='no' (the tap exists already).
/// Bandwidth from the VIF's quota (designer.set_vif_bandwidth_config).
/// </summary>
public static class NovaVifXml
{
    /// <param name="queues">virtio queue pairs (Nova: the flavor's vCPUs when hw_vif_multiqueue_enabled); 1: no multi-queue.</param>
    /// <param name="vhostNet">whether /dev/vhost-net exists: driver name vhost, else qemu (only written with multi-queue).</param>
    public static LibvirtInterface Interface(NovaVif vif, int queues = 1, bool vhostNet = true)
    {
        if (queues < 1)
            throw new NovaVifException($"VIF {vif.Id}: {queues} queues is not a queue count; use 1 or more");
        var common = new LibvirtInterface
        {
            Type = LibvirtInterfaceType.Ethernet,
            Mac = vif.Address,
            Queues = queues,
            DriverName = queues > 1 ? (vhostNet ? "vhost" : "qemu") : null,
            Inbound = vif.Bandwidth.Inbound,
            Outbound = vif.Bandwidth.Outbound,
        };
        return vif.Type switch
        {
            NovaVifType.Macvtap => common with
            {
                Type = LibvirtInterfaceType.Direct,
                SourceDev = vif.Details.MacvtapSource,
                DirectMode = vif.Details.MacvtapMode,
            },
            NovaVifType.Bridge => common with
            {
                Type = LibvirtInterfaceType.Bridge,
                SourceBridge = vif.Network.Bridge,
                TargetDev = vif.DeviceName,
            },
            NovaVifType.Ovs => common with
            {
                Type = LibvirtInterfaceType.Bridge,
                SourceBridge = vif.Network.Bridge,
                OpenvswitchPort = true,
                InterfaceId = Guid.TryParse(vif.InterfaceId, out var id)
                    ? id
                    : throw new NovaVifException($"VIF {vif.Id} of type ovs has interface id '{vif.InterfaceId}', not a UUID; libvirt's openvswitch virtualport needs a UUID (give ovs_interfaceid)"),
                TargetDev = vif.DeviceName,
            },
            NovaVifType.Tap => common with { TargetDev = vif.DeviceName, TargetUnmanaged = true },
            _ => throw new ArgumentOutOfRangeException(nameof(vif)),
        };
    }

    public static XElement Build(NovaVif vif, int queues = 1, bool vhostNet = true) =>
        LibvirtInterfaceXml.Build(Interface(vif, queues, vhostNet));

    /// <summary>
    /// The VIF as the device `tapyard vif plug` made for it (<paramref name="device"/>, from its record):
    /// type='ethernet' with managed='no', so libvirt opens that device instead of creating a second one
    /// with the same MAC (which a type='direct' would do after a plug). No &lt;bandwidth&gt;: like every
    /// prepared device it is Tapyard's to shape.
    /// </summary>
    public static LibvirtInterface PreparedInterface(NovaVif vif, string device, int queues = 1, bool vhostNet = true) =>
        Interface(vif with { Type = NovaVifType.Tap }, queues, vhostNet) with { TargetDev = device, Inbound = null, Outbound = null };
}
