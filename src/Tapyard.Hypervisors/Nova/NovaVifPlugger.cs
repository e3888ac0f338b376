using System.Security.Cryptography;
using System.Text;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// Nova-style VIF plug and unplug on one node, through <see cref="NodeNics"/>: the VIF becomes a
/// one-NIC instance named "vif-&lt;port id&gt;", so its device has a runtime record (unplug, sweeps and
/// `node verify` see it) and the node's NIC hooks run. vif_type macvtap, bridge (mode bridged), ovs
/// (mode openvswitch) and tap (<see cref="NicMode.Tap"/>: Nova's plug_tap, a tap named devname with
/// details.tap_mac_address and the network's MTU, connected to nothing: the Neutron agent wires it;
/// hooks under network/tap/) are handled.
///
/// The device is left DOWN unless asked otherwise: as with every Tapyard NIC, it goes up just before
/// the guest's vCPUs run (Nova's libvirt driver plugs before the domain starts; libvirt, or the caller
/// with `tapyard vif plug --up`, brings the link up). No queue fd stays open after the plug: the
/// hypervisor opens /dev/tap&lt;ifindex&gt; itself.
/// </summary>
public sealed class NovaVifPlugger(NodeNics nics)
{
    public const string InstancePrefix = "vif-";

    /// <summary>What a hypervisor opens for a tap VIF's queues (TUNSETIFF with the device's name, IFF_MULTI_QUEUE).</summary>
    public const string TunDevice = "/dev/net/tun";

    /// <summary>The name the VIF's records carry: "vif-" + the Neutron port id.</summary>
    public static string InstanceNameOf(NovaVif vif) => InstancePrefix + vif.Id;

    /// <param name="queues">
    /// The virtio queue pairs the guest will use (as for <see cref="NovaVifXml.Interface"/>): every tap (tap, bridge
    /// and ovs VIFs) is multi-queue only above 1, as Nova's plug_tap makes it, because the hypervisor that opens it
    /// by name must ask for the same (see <see cref="UnconnectedTap"/>); a macvtap takes any number of queues.
    /// </param>
    public NovaVifPlugResult Plug(NovaVif vif, bool up = false, int queues = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queues, 1);
        // One vCPU per queue pair: the plug makes a tap multi-queue exactly when the guest will open several queues.
        var instance = new Instance { Name = InstanceNameOf(vif), Uuid = UuidOf("instance:" + vif.Id), NodeUuid = Guid.Empty, Vcpus = queues };
        var nic = NicOf(vif);

        // Disposing closes the queue fds: the hypervisor opens its own.
        using var plugged = vif.Type == NovaVifType.Tap
            ? nics.PlugTap(instance, nic, new UnconnectedTap(vif.DevName!, vif.Details.TapMacAddress, vif.Network.Mtu, MultiQueue: queues > 1))
            : nics.Plug(instance, [nic]);
        if (up)
        {
            try { nics.SetUp(instance.Name); }
            catch (TapyardException)
            {
                nics.SweepInstance(instance.Name);
                throw;
            }
        }
        var devices = plugged.Nics.Select(n => new NovaVifDevice(n.Device, n.Ifindex,
            // A macvtap is opened as /dev/tapN; a (persistent, multi-queue) tap through /dev/net/tun with TUNSETIFF on its name.
            n.Mode == NicMode.Macvtap ? $"/dev/tap{n.Ifindex}" : TunDevice,
            n.Mac.ToString(), NicNames.Of(n.Mode), n.Mode == NicMode.Macvtap ? n.MacvtapMode.ToName() : null,
            n.Mode == NicMode.Tap ? null : n.Lower, up)).ToList();
        return new NovaVifPlugResult(vif.Id, nics.Node, instance.Name, devices);
    }

    /// <summary>
    /// The VIF as one NIC: macvtap on macvtap_source (with a VLAN: physical_interface, whose VLAN device the
    /// node makes, Nova's plug_macvtap / ensure_vlan); bridge: a tap on the Linux bridge network.bridge;
    /// ovs: a tap on the Open vSwitch bridge network.bridge whose iface-id is the VIF's interface id; tap: a
    /// tap-mode NIC without a link. Anti-spoofing is on for every type (details.port_filter says whether
    /// Neutron filters the port, not that the guest may spoof).
    /// </summary>
    private static ResolvedNic NicOf(NovaVif vif)
    {
        var details = vif.Details;
        (NicMode mode, string? link, Guid nicUuid) = vif.Type switch
        {
            NovaVifType.Macvtap => (NicMode.Macvtap, details.Vlan is null ? details.MacvtapSource! : details.PhysicalInterface!, UuidOf(vif.Id)),
            NovaVifType.Bridge => (NicMode.Bridged, vif.Network.Bridge!, UuidOf(vif.Id)),
            NovaVifType.Ovs => (NicMode.OpenVswitch, vif.Network.Bridge!, UuidOf(vif.InterfaceId)),
            NovaVifType.Tap => (NicMode.Tap, null, UuidOf(vif.Id)),
            _ => throw new ArgumentOutOfRangeException(nameof(vif)),
        };
        return new ResolvedNic(0, vif.DeviceName, vif.Address.ToString(), null, vif.Network.Label, mode, link, mode == NicMode.Tap ? null : details.Vlan,
            mode == NicMode.Macvtap ? details.MacvtapMode : null, false, false, false, false, nicUuid);
    }

    /// <summary>Removes what <see cref="Plug"/> made for the VIF (by its records); nothing plugged is not an error.</summary>
    public NovaVifUnplugResult Unplug(NovaVif vif)
    {
        string instance = InstanceNameOf(vif);
        var swept = nics.SweepInstance(instance);
        return new NovaVifUnplugResult(vif.Id, nics.Node, instance, swept.DevicesRemoved, swept.RecordsRemoved);
    }

    /// <summary>Neutron port ids are UUIDs; any other id gets a stable UUID derived from it (so a re-plug finds its old records).</summary>
    private static Guid UuidOf(string id) =>
        Guid.TryParse(id, out var uuid) ? uuid : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 16));
}
