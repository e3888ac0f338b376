using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;
using Tapyard.Node.AntiSpoof;

namespace Tapyard.Node.Modes;

/// <summary>
/// mode=openvswitch: the tap becomes a port of the OVS bridge `link` (ovs-vsctl --may-exist add-port,
/// tag=VLAN when set, Neutron's external ids), and is removed from it after the tap is deleted.
/// </summary>
internal sealed class OpenVswitchPlugger(NodeContext node) : TapPlugger(node)
{
    public override NicMode Mode => NicMode.OpenVswitch;
    public override string Prefix => NodeNics.OpenVswitchPrefix;

    public override string? Refusal(ResolvedNic nic) => null;

    protected override NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links)
    {
        bool exists;
        try { exists = Node.Ovs.BridgeExists(nic.Link!); }
        catch (TapyardException e)
        {
            throw new TapyardException($"cannot reach Open vSwitch on node {Node.Node}: {e.Message}; start ovsdb-server and ovs-vswitchd (in the node's namespace) or point Tapyard at its database", e);
        }
        if (!exists)
            throw new TapyardException($"OVS bridge {nic.Link} does not exist on node {Node.Node}; create it with ovs-vsctl add-br {nic.Link}");
        // Anti-spoofing as OpenFlow rules, not nftables: see OvsSpoofFlows for why the netdev hook is too late here.
        return record with
        {
            OvsBridge = nic.Link, Vlan = nic.Vlan, SpoofTable = null,
            OvsFlowCookie = nic.SpoofCheck ? OvsSpoofFlows.CookieOf(nic.Uuid) : null,
        };
    }

    protected override void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links)
    {
        AddPort(record, tap);
        if (record.OvsFlowCookie is { } cookie)
            Node.Ovs.AddFlows(record.OvsBridge!, OvsSpoofFlows.Build(cookie, tap.Name, MacAddress.Parse(record.Mac), ParseIp(record.Ip)));
    }

    private void AddPort(NicRecord record, LinkInfo tap) =>
        Node.Ovs.AddPort(record.OvsBridge!, tap.Name, record.Vlan, new Dictionary<string, string>
        {
            ["iface-id"] = record.NicUuid.ToString(),
            ["attached-mac"] = record.Mac,
            ["vm-uuid"] = record.InstanceUuid.ToString(),
            ["iface-status"] = "active",
            ["tapyard-instance"] = record.Instance,
            ["tapyard-nic"] = record.NicIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public override void AfterDelete(NicRecord record)
    {
        if (record.OvsBridge is not { } bridge)
            return;
        if (record.OvsFlowCookie is { } cookie)
            Node.Ovs.DeleteFlows(bridge, cookie);
        Node.Ovs.DeletePort(bridge, record.Device);
    }
}
