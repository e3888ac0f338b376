using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.TrafficControl;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Bandwidth;
using Tapyard.Node.Modes;

namespace Tapyard.Node;

/// <summary>
/// NodeNics' bandwidth limits (nicparams bw_in/bw_out, see <see cref="NicBandwidth"/>): set on each
/// device after it exists and before the guest runs; the ifb that shapes a device's ingress is
/// recorded before it is created (like every device Tapyard makes) and deleted after the device.
/// </summary>
public sealed partial class NodeNics
{
    /// <summary>
    /// Shapes every NIC of <paramref name="made"/> that has limits; its record names the ifb first (replaced in <paramref name="made"/>).
    /// Runs before the anti-spoofing tables are made: a tap's table forwards to its ifb, which must exist (<see cref="NicPlugger.GuardForwardsTo"/>).
    /// </summary>
    private void ApplyBandwidth(IReadOnlyList<ResolvedNic> nics, List<PluggedDevice> made)
    {
        for (int i = 0; i < made.Count; i++)
        {
            var record = made[i].Record;
            var nic = nics.First(n => n.Index == record.NicIndex);
            if (nic.BwIn is null && nic.BwOut is null)
                continue;
            record = record with { Ifb = DeviceShaping.IfbNameOf(record.Device, record.Ifindex) };
            made[i] = made[i] with { Record = record };
            Records.Write(record);
            NicBandwidth.Apply(_netlink, record.Device, nic.BwIn, nic.BwOut, _pluggers.Of(record).GuardForwardsTo(record, nic) is not null);
        }
    }

    /// <summary>The anti-spoofing tables of <paramref name="made"/>'s NICs (after <see cref="ApplyBandwidth"/>), in one nft run.</summary>
    private void ApplySpoofTables(IReadOnlyList<ResolvedNic> nics, IReadOnlyList<NicRecord> made) =>
        Spoof.ApplyAll(made
            .Select(record => _pluggers.Of(record).SpoofTableOf(record, nics.First(n => n.Index == record.NicIndex)))
            .OfType<SpoofTableSpec>().ToList());

    /// <summary>
    /// Puts back the transmit shaping of <paramref name="instance"/>'s plugged NICs. libvirt replaces a
    /// prepared (managed='no') device's root qdisc with noqueue when it starts the domain (measured with
    /// libvirt 9.0), which drops the shaping of what the device transmits: its driver calls this after
    /// `virsh create` and after a migration. Only the root qdisc is replaced (`tc qdisc replace`): the
    /// ifb and the anti-spoofing chain that forwards to it stay, so the running guest never loses its
    /// guard or its traffic in between.
    /// </summary>
    public void ReapplyBandwidth(string instance, IReadOnlyList<ResolvedNic> nics)
    {
        using var instanceLock = LockInstance(instance);
        foreach (var record in Records.ReadAll().Where(r => r.Instance == instance))
            if (nics.FirstOrDefault(n => n.Index == record.NicIndex) is { } nic && (nic.BwIn is not null || nic.BwOut is not null))
                NicBandwidth.ReapplyTransmit(_netlink, record.Device, nic.BwIn, nic.BwOut);
    }

    /// <summary>After the device is gone (its qdiscs went with it): deletes the ifb it left, if any.</summary>
    private void RemoveBandwidth(NicRecord record)
    {
        if (record.Ifb is null)
            return;
        try
        {
            NicBandwidth.RemoveAfterUnplug(_netlink, record.Device, record.Ifindex);
        }
        catch (TapyardLinuxException e)
        {
            throw new Core.Errors.TapyardException($"deleting the bandwidth device {record.Ifb}: {e.Message}", e);
        }
    }
}
