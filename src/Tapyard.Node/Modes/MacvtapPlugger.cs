using System.Net;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Vlans;

namespace Tapyard.Node.Modes;

/// <summary>
/// mode=macvtap: a macvtap on the lower device `link` with the NIC's MAC and mvtap_mode, DOWN, with a
/// host-unique ifindex (so /dev/tapN is unique too), allmulticast on, no IPv6 address on the host
/// side, txqlen of the lower device. passthru remembers the lower device's MAC and state to restore.
/// With a vlan the lower device is the sub-interface `link.VLAN` (<see cref="NodeVlans"/>: made on demand,
/// shared, removed after its last macvtap).
/// Queue fds are opened afterwards for all macvtaps of the instance at once (MacvtapQueues.OpenMany).
/// </summary>
internal sealed class MacvtapPlugger(NodeContext node) : NicPlugger(node)
{
    public override NicMode Mode => NicMode.Macvtap;
    public override string Prefix => NodeNics.MacvtapPrefix;
    public override string LinkKind => LinkKinds.Macvtap;
    public override SpoofHook SpoofHook => SpoofHook.Egress;

    /// <summary>A VLAN needs the sub-interface PARENT.VLAN, whose name must fit the kernel's 15 bytes.</summary>
    public override string? Refusal(ResolvedNic nic) =>
        nic.Vlan is { } vlan && nic.Link is { } link && LinkName.Problem(NodeVlans.NameOf(link, vlan)) is not null
            ? $"vlan {vlan} needs the sub-interface {NodeVlans.NameOf(link, vlan)}, a name longer than the kernel's {LinkName.MaxBytes} bytes; use a shorter link name"
            : null;

    public override PluggedDevice Plug(Instance instance, ResolvedNic nic, int queues, Dictionary<string, LinkInfo> links, HashSet<string> namesInUse)
    {
        if (!links.TryGetValue(nic.Link!, out var lower))
            throw new TapyardException($"lower device {nic.Link} does not exist on node {Node.Node}");
        // With a VLAN the macvtap sits on PARENT.VLAN: made (or found) under the node's VLAN lock, held
        // until the macvtap is on it, so no other process deletes it as unused in between.
        using var vlanLock = nic.Vlan is null ? null : Node.Vlans.Lock();
        string? vlanParent = nic.Vlan is null ? null : lower.Name;
        var mac = MacAddress.Parse(nic.Mac);
        var mode = ToMacvlanMode(nic.MvtapMode is { } m ? NicNames.Of(m) : null);
        bool passthru = mode == MacvlanMode.Passthru;

        string device = Node.Records.ReserveName(Prefix, namesInUse);
        var record = NewRecord(instance, nic, device, mac) with
        {
            MvtapMode = mode.ToName(), Lower = nic.Vlan is { } v ? NodeVlans.NameOf(lower.Name, v) : lower.Name,
            Vlan = nic.Vlan, VlanParent = vlanParent,
        };
        LinkInfo? created = null;
        try
        {
            if (nic.Vlan is { } vlan)
            {
                // Recorded first: a crash after the sub-interface is made leaves a record that names it.
                Node.Records.Write(record);
                lower = Node.Vlans.Ensure(lower, vlan, links);
            }
            record = record with { LowerMacBefore = passthru ? lower.Mac?.ToString() : null, LowerUpBefore = passthru ? lower.IsUp : null };
            (created, record) = CreateRecorded(record, index => Node.Netlink.Links.Create(new MacvlanLinkSpec
            {
                Name = device, Index = index, Lower = lower.Name, LowerIndex = lower.Index, Mode = mode, Mac = mac,
                TxQueues = queues, RxQueues = queues, TxQueueLength = lower.TxQueueLength,
                DisableIpv6AddressGeneration = true, Up = false,
            }), e => e is LinkIndexInUseException);
            // allmulticast: IPv6 neighbour discovery (solicited-node multicast) must reach the guest.
            // passthru ignores the MAC given at create: set it now (which sets the lower device's too).
            Node.Netlink.Links.Change(created.Index, new LinkChange { AllMulticast = true, Mac = passthru ? mac : null });
            return new PluggedDevice(record, null);
        }
        catch
        {
            if (created is not null)
            {
                try { Node.Netlink.Links.Delete(created.Index); }
                catch (LinkNotFoundException) { }
                RestoreLower(record);
            }
            Node.Records.Delete(device);
            if (vlanParent is not null)
                Node.Vlans.ReleaseLocked(record.Lower!);
            throw;
        }
    }

    public override void AfterDelete(NicRecord record)
    {
        RestoreLower(record);
        if (record.VlanParent is not null && record.Lower is { } sub)
            Node.Vlans.Release(sub, record.VlanParent, record.Vlan);
    }

    /// <summary>passthru changed the lower device's MAC to the guest's; the kernel restores it on delete, we make sure (and restore up/down).</summary>
    private void RestoreLower(NicRecord record)
    {
        if (record.Lower is null || (record.LowerMacBefore is null && record.LowerUpBefore is null))
            return;
        try
        {
            Node.Netlink.Links.Change(record.Lower, new LinkChange
            {
                Mac = record.LowerMacBefore is { } mac ? MacAddress.Parse(mac) : null,
                Up = record.LowerUpBefore,
            });
        }
        catch (LinkNotFoundException)
        {
            // The lower device is gone: nothing to restore.
        }
    }

    public static MacvlanMode ToMacvlanMode(string? mvtapMode) =>
        mvtapMode is null ? MacvlanMode.Bridge
        : MacvlanModeNames.TryParse(mvtapMode, out var mode) && mode != MacvlanMode.Source ? mode
        : throw new TapyardException($"unknown mvtap_mode '{mvtapMode}'");
}
