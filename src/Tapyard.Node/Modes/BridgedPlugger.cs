using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;

namespace Tapyard.Node.Modes;

/// <summary>
/// mode=bridged: the tap becomes a port of the Linux bridge `link`. A VLAN would be the port's PVID
/// (untagged) on a vlan-filtering bridge; this kernel has no bridge VLAN filtering
/// (CONFIG_BRIDGE_VLAN_FILTERING: `ip link add type bridge vlan_filtering 1` is refused, measured),
/// so a bridged NIC with a vlan is refused with that reason.
/// </summary>
internal sealed class BridgedPlugger(NodeContext node) : TapPlugger(node)
{
    public override NicMode Mode => NicMode.Bridged;
    public override string Prefix => NodeNics.BridgedPrefix;

    public override string? Refusal(ResolvedNic nic) => nic.Vlan is { } vlan
        ? $"vlan {vlan} on a bridged NIC needs the bridge {nic.Link} to filter VLANs (port PVID {vlan} untagged), "
          + "which this node does not support yet (this kernel lacks CONFIG_BRIDGE_VLAN_FILTERING); use mode=openvswitch with vlan, or drop vlan"
        : null;

    protected override NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links)
    {
        if (!links.TryGetValue(nic.Link!, out var bridge))
            throw new TapyardException($"bridge {nic.Link} does not exist on node {Node.Node}");
        if (bridge.Kind != LinkKinds.Bridge)
            throw new TapyardException($"{nic.Link} is not a bridge on node {Node.Node} (it is {(bridge.Kind is { } kind ? $"a {kind} device" : "a device without a link kind")}); give a Linux bridge as link");
        return record with { Bridge = bridge.Name };
    }

    protected override void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links) =>
        Node.Netlink.Links.Change(tap.Index, new LinkChange { MasterIndex = links[record.Bridge!].Index });
}
