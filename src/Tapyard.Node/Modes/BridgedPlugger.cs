using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;
using Tapyard.Linux.Vlans;

namespace Tapyard.Node.Modes;

/// <summary>
/// mode=bridged: the tap becomes a port of the Linux bridge `link`. With a vlan the port is an access
/// port of that VLAN, as a vlan-filtering bridge's PVID-untagged port would be: this kernel has no
/// bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is off: `vlan_filtering 1` is refused, measured),
/// so tc programs on the tap do it (Tapyard.Linux.Vlans.VlanAccessPort): frames from the guest get
/// the tag, only frames with the tag reach the guest, untagged. A NIC without a vlan gets the untagged
/// port's programs while spoof_check is on (the default): a guest cannot hop into a VLAN by tagging its
/// own frames, nor see other VLANs' floods; spoof_check=off lets a guest trunk its own VLANs.
/// </summary>
internal sealed class BridgedPlugger(NodeContext node) : TapPlugger(node)
{
    public override NicMode Mode => NicMode.Bridged;
    public override string Prefix => NodeNics.BridgedPrefix;

    public override string? Refusal(ResolvedNic nic) => null;

    protected override NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links)
    {
        if (!links.TryGetValue(nic.Link!, out var bridge))
            throw new TapyardException($"bridge {nic.Link} does not exist on node {Node.Node}");
        if (bridge.Kind != LinkKinds.Bridge)
            throw new TapyardException($"{nic.Link} is not a bridge on node {Node.Node} (it is {(bridge.Kind is { } kind ? $"a {kind} device" : "a device without a link kind")}); give a Linux bridge as link");
        return record with { Bridge = bridge.Name, Vlan = nic.Vlan };
    }

    protected override void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links)
    {
        // The programs go on before the tap joins the bridge: no frame crosses the port unfiltered.
        // Without a vlan, tagged frames are dropped only under spoof_check (the default): with it off
        // the guest may trunk its own VLANs through the bridge (a router or firewall guest).
        if (record.Vlan is { } vlan)
            VlanAccessPort.Set(Node.Netlink, tap.Index, checked((ushort)vlan));
        else if (record.SpoofTable is not null)
            VlanAccessPort.Set(Node.Netlink, tap.Index, null);
        Node.Netlink.Links.Change(tap.Index, new LinkChange { MasterIndex = links[record.Bridge!].Index });
    }
}
