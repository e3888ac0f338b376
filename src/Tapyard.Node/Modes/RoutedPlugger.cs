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
/// guest reaches everything through the host. The kernel accepts a route only to a device that is
/// up and flushes IPv4 routes of a device that goes down, so the route is added when the NIC goes up
/// (SetUp, just before the vCPUs run: a migration target attracts no traffic early) and is gone
/// when it goes down or is deleted.
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
    }

    public override void AfterUp(NicRecord record)
    {
        var ip = IPAddress.Parse(record.Ip!);
        uint table = record.RouteTable!.Value;
        try
        {
            Node.Netlink.Routes.Add(RouteSpec.OnLink(ip, record.Device, table) with { Device = null, DeviceIndex = record.Ifindex, Protocol = RouteProtocol.Static });
        }
        catch (RouteExistsException e)
        {
            // Up twice: our own route is already there. Anyone else's is a conflict.
            if (Node.Netlink.Routes.List(table, AddressFamily.InterNetwork).Any(r => r.Destination.BaseAddress.Equals(ip) && r.Destination.PrefixLength == 32 && r.DeviceIndex == record.Ifindex))
                return;
            throw new TapyardException($"{ip}/32 is already routed in table {RouteTables.Name(table)} on node {Node.Node} (another NIC with the same IP?); remove that route or give NIC {record.NicIndex} of instance {record.Instance} another IP", e);
        }
    }
}
