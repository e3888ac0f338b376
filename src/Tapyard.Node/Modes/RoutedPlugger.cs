using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Routes;

namespace Tapyard.Node.Modes;

/// <summary>
/// mode=routed, as Ganeti's kvm-ifup does it: the NIC's IPv4 address is routed to the tap as a /32
/// scope-link route in the routing table named by `link`, and proxy ARP is on for the tap so the
/// guest reaches everything through the host. The route goes with the tap when it is deleted.
/// Policy rules that make the kernel consult the table, and forwarding, are the node's set-up (as in Ganeti).
/// </summary>
internal sealed class RoutedPlugger(NodeContext node) : TapPlugger(node)
{
    public override NicMode Mode => NicMode.Routed;
    public override string Prefix => NodeNics.RoutedPrefix;

    public override string? Refusal(ResolvedNic nic)
    {
        if (nic.Ip is null)
            return "a routed NIC needs an IP: give ip=A.B.C.D (or ip=pool with network=NET)";
        if (!IPAddress.TryParse(nic.Ip, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            return $"a routed NIC needs an IPv4 address, not '{nic.Ip}'";
        return null;
    }

    protected override NicRecord Describe(NicRecord record, ResolvedNic nic, Dictionary<string, LinkInfo> links)
    {
        uint table = RoutingTableNames.Resolve(nic.Link!)
            ?? throw new TapyardException($"routing table {nic.Link} is neither a number nor named in /etc/iproute2/rt_tables on node {Node.Node}; give link=TABLE-ID or add the name there");
        return record with { RouteTable = table };
    }

    protected override void Connect(NicRecord record, LinkInfo tap, Dictionary<string, LinkInfo> links)
    {
        // /proc/sys/net belongs to the namespace of the thread that opens it: write it from inside.
        string sysctl = $"/proc/sys/net/ipv4/conf/{tap.Name}/proxy_arp";
        Node.Namespace.Run(() => File.WriteAllText(sysctl, "1"));
        var ip = IPAddress.Parse(record.Ip!);
        try
        {
            Node.Netlink.Routes.Add(RouteSpec.OnLink(ip, tap.Name, record.RouteTable!.Value) with { Device = null, DeviceIndex = tap.Index, Protocol = RouteProtocol.Static });
        }
        catch (RouteExistsException e)
        {
            throw new TapyardException($"{ip}/32 is already routed in table {RouteTables.Name(record.RouteTable!.Value)} on node {Node.Node} (another NIC with the same IP?); remove that route or give this NIC another IP", e);
        }
    }
}
