using System.Net;
using System.Text.Json;
using Tapyard.Core.Nics;
using Tapyard.Linux.Links;
using Tapyard.Node.Modes;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

[Trait("Category", "Kernel")]
public sealed class RoutedTests
{
    private const string Table = "100";
    private static readonly IPAddress GuestIp = IPAddress.Parse("10.9.0.5");
    private static readonly IPAddress Outside = IPAddress.Parse("198.51.100.1");

    /// <summary>A node routing between its guests and the switch: eth0 198.51.100.2/24, forwarding on, table 100 consulted (what Ganeti leaves to the admin).</summary>
    private static NodeLab RoutedLab(string purpose)
    {
        var lab = NodeLab.Create(purpose);
        try
        {
            Ip.Run("-n", lab.Node.Name, "addr", "add", "198.51.100.2/24", "dev", NodeLab.Uplink);
            Ip.Run("-n", lab.Node.Name, "rule", "add", "lookup", Table, "pref", "100");
            lab.Node.Namespace.Run(() => File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1"));
            Ip.Run("-n", lab.Switch.Name, "addr", "add", "198.51.100.1/24", "dev", NodeLab.Bridge);
            Ip.Run("-n", lab.Switch.Name, "route", "add", "10.9.0.0/24", "via", "198.51.100.2");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    [Fact]
    public void A_routed_nic_gets_a_host_route_in_its_table_and_proxy_arp_and_traffic_flows_both_ways()
    {
        using var lab = RoutedLab("rt");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:20:00:01", link: Table, nicMode: NicMode.Routed, ip: "10.9.0.5")]);
        var nic = plugged.Nics[0];
        Assert.Equal((NodeNics.RoutedPrefix + "0", NicMode.Routed), (nic.Device, nic.Mode));
        var link = Ip.Link(lab.Node.Name, nic.Device);
        Assert.Equal("tap", link.Get("linkinfo", "info_data", "type")?.GetString());
        Assert.False(link.TryGetProperty("master", out _));

        // The kernel takes a route only to a device that is up: it comes with SetUp.
        Assert.Empty(Routes(lab, Table));
        Assert.Equal("1", lab.Node.Namespace.Run(() => File.ReadAllText($"/proc/sys/net/ipv4/conf/{nic.Device}/proxy_arp")).Trim());
        nics.SetUp("web1");
        var route = Assert.Single(Routes(lab, Table));
        Assert.Equal(("10.9.0.5", nic.Device, "link", "static"),
            (route.GetProperty("dst").GetString(), route.GetProperty("dev").GetString(), route.GetProperty("scope").GetString(), route.GetProperty("protocol").GetString()));
        var record = nics.Records.TryRead(nic.Device)!;
        Assert.Equal(("routed", (uint?)100, "10.9.0.5"), (record.Mode, record.RouteTable, record.Ip));
        nics.SetUp("web1"); // twice: the route is ours already

        var tapMac = TapPlugger.HostSide(nic.Mac);
        // Proxy ARP: the host answers for the outside address with the tap's MAC.
        nic.Queues[0].WriteFrame(Packets.ArpRequest(nic.Mac, GuestIp, Outside));
        Assert.True(nic.Queues[0].Receives(Packets.ArpReplyFrom(tapMac, Outside), Frames.Arrival), "no proxy ARP reply for 198.51.100.1");
        // Guest to outside: routed by the node onto the switch.
        using var watcher = lab.WatchSwitch();
        nic.Queues[0].WriteFrame(Packets.Udp(tapMac, nic.Mac, GuestIp, Outside, "routed-out"));
        Assert.True(watcher.Saw("routed-out", Frames.Arrival), "the guest's packet was not routed to the switch");
        // Outside to guest: through table 100 to the tap (the node first asks the guest's MAC).
        Pinger.PingOnce(lab.Switch.Name, "10.9.0.5");
        Assert.True(nic.Queues[0].Receives([10, 9, 0, 5], Frames.Arrival), "nothing for 10.9.0.5 was routed to the tap");

        nics.SetDown("web1");
        Assert.Empty(Routes(lab, Table));
        nics.SetUp("web1");
        Assert.Single(Routes(lab, Table));
        nics.Unplug(plugged);
        Assert.Empty(Routes(lab, Table));
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_table_name_from_rt_tables_resolves_and_an_unknown_one_is_refused()
    {
        Assert.Equal(254u, RoutingTableNames.Resolve("main"));
        Assert.Equal(100u, RoutingTableNames.Resolve("100"));
        Assert.Null(RoutingTableNames.Resolve("no-such-table"));

        using var lab = RoutedLab("rtname");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:20:01:01", link: "nosuchtable", nicMode: NicMode.Routed, ip: "10.9.0.6")]));
        Assert.Contains("routing table nosuchtable is neither a number nor named in /etc/iproute2/rt_tables on node n1", error.Message);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_routed_nic_without_an_ip_is_refused_before_anything_changes()
    {
        using var lab = RoutedLab("rtnoip");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:20:02:01", link: Table, nicMode: NicMode.Routed)]));
        Assert.Contains("cannot plug routed NIC 0 of instance web1 on node n1: a routed NIC needs an IP", error.Message);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_second_nic_with_the_same_ip_in_the_same_table_fails_to_go_up_naming_the_conflict()
    {
        using var lab = RoutedLab("rtdup");
        using var nics = lab.OpenNics();
        using var first = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:20:03:01", link: Table, nicMode: NicMode.Routed, ip: "10.9.0.7")]);
        using var second = nics.Plug(NodeLab.Instance("web2"), [NodeLab.Nic(0, "52:54:00:20:03:02", link: Table, nicMode: NicMode.Routed, ip: "10.9.0.7")]);
        nics.SetUp("web1");
        var error = Assert.Throws<Core.Errors.TapyardException>(() => nics.SetUp("web2"));
        Assert.Contains("10.9.0.7/32 is already routed in table 100 on node n1", error.Message);
        Assert.Contains("NIC 0 of instance web2", error.Message);
        Assert.Equal(first.Nics[0].Device, Assert.Single(Routes(lab, Table)).GetProperty("dev").GetString());
        nics.Unplug(second);
        nics.Unplug(first);
        Assert.Empty(Routes(lab, Table));
        Assert.Empty(lab.Taps());
    }

    private static List<JsonElement> Routes(NodeLab lab, string table)
    {
        string json;
        try { json = Ip.Run("-n", lab.Node.Name, "-j", "route", "show", "table", table); }
        catch (InvalidOperationException e) when (e.Message.Contains("FIB table does not exist", StringComparison.Ordinal))
        {
            return []; // the kernel drops a table with its last route
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(r => r.Clone()).ToList();
    }
}
