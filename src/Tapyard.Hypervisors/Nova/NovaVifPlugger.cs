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
/// `node verify` see it) and the node's NIC hooks run. Only vif_type macvtap is handled so far.
///
/// The device is left DOWN unless asked otherwise: as with every Tapyard NIC, it goes up just before
/// the guest's vCPUs run (Nova's libvirt driver plugs before the domain starts; libvirt, or the caller
/// with `tapyard vif plug --up`, brings the link up). No queue fd stays open after the plug: the
/// hypervisor opens /dev/tap&lt;ifindex&gt; itself.
/// </summary>
public sealed class NovaVifPlugger(NodeNics nics)
{
    public const string InstancePrefix = "vif-";

    /// <summary>The name the VIF's records carry: "vif-" + the Neutron port id.</summary>
    public static string InstanceNameOf(NovaVif vif) => InstancePrefix + vif.Id;

    public NovaVifPlugResult Plug(NovaVif vif, bool up = false)
    {
        if (vif.Type != NovaVifType.Macvtap)
            throw new NovaVifException($"vif_type {NovaVifTypeNames.Of(vif.Type)} of VIF {vif.Id} is not supported by this node yet (only macvtap); nothing was changed");
        var details = vif.Details;
        var instance = new Instance { Name = InstanceNameOf(vif), Uuid = UuidOf("instance:" + vif.Id), NodeUuid = Guid.Empty, Vcpus = 1 };
        // With a VLAN the macvtap sits on physical_interface.vlan, which the node creates on demand
        // (Nova's plug_macvtap: ensure_vlan); without one, on macvtap_source.
        string link = details.Vlan is null ? details.MacvtapSource! : details.PhysicalInterface!;
        var nic = new ResolvedNic(0, vif.DeviceName, vif.Address.ToString(), null, vif.Network.Label, NicMode.Macvtap, link, details.Vlan,
            details.MacvtapMode, false, false, false, false, UuidOf(vif.Id));

        using var plugged = nics.Plug(instance, [nic]); // disposing closes the queue fds: the hypervisor opens its own
        if (up)
        {
            try { nics.SetUp(instance.Name); }
            catch (TapyardException)
            {
                nics.SweepInstance(instance.Name);
                throw;
            }
        }
        var devices = plugged.Nics.Select(n => new NovaVifDevice(n.Device, n.Ifindex, $"/dev/tap{n.Ifindex}", n.Mac.ToString(),
            NicNames.Of(NicMode.Macvtap), n.MacvtapMode.ToName(), n.Lower, up)).ToList();
        return new NovaVifPlugResult(vif.Id, nics.Node, instance.Name, devices);
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
