using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Routes;
using Tapyard.Linux.Tests.Netlink;

using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Routes;

/// <summary>
/// RouteRequests and RouteMessageParser against what iproute2 6.1 sent and the kernel 6.18 answered
/// (captured with strace as described on <see cref="Golden"/>; up0 had ifindex 3). iproute2 writes
/// attributes in command-line order with RTA_OIF last, so the captured commands name their options
/// in RouteRequests' order: DEST via GW table T metric M src S dev D.
/// </summary>
public sealed class RouteGoldenTests
{
    private readonly NetlinkMessageWriter _writer = new();

    [Fact]
    public void Ganeti_routed_mode_host_route()
    {
        // ip route add 10.0.0.5/32 dev up0 table 100   (no gateway: iproute2 picks scope link, proto boot)
        const string iproute2 = "2c00000018000506d6fb006b00000000022000006403fd0100000000080001000a0000050800040003000000";
        RouteRequests.Add(_writer, RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100), deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Replace_host_route()
    {
        // ip route replace 10.0.0.5/32 dev up0 table 100   (NLM_F_CREATE|NLM_F_REPLACE)
        const string iproute2 = "2c00000018000505e1fb006b00000000022000006403fd0100000000080001000a0000050800040003000000";
        RouteRequests.Add(_writer, RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100), deviceIndex: 3, replace: true);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Gateway_metric_and_protocol()
    {
        // ip route add 192.168.5.0/24 via 10.0.0.2 table 100 metric 50 proto static dev up0
        const string iproute2 = "3c00000018000506d6fb006b0000000002180000640400010000000008000100c0a80500080005000a00000208000600320000000800040003000000";
        var spec = new RouteSpec
        {
            Destination = IPNetwork.Parse("192.168.5.0/24"),
            Gateway = IPAddress.Parse("10.0.0.2"),
            Table = 100,
            Metric = 50,
            Protocol = RouteProtocol.Static,
            Device = "up0",
        };
        RouteRequests.Add(_writer, spec, deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Table_above_255_goes_in_rta_table()
    {
        // ip route add 10.9.0.0/16 via 10.0.0.2 table 1000   (rtm_table RT_TABLE_UNSPEC, RTA_TABLE 1000)
        const string iproute2 = "3400000018000506d6fb006b00000000021000000003000100000000080001000a090000080005000a00000208000f00e8030000";
        RouteRequests.Add(_writer, new RouteSpec { Destination = IPNetwork.Parse("10.9.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 1000 }, deviceIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Table_above_255_with_metric_and_device()
    {
        // ip route add 10.9.0.0/16 via 10.0.0.2 table 1000 metric 7 dev up0
        const string iproute2 = "4400000018000506e1fb006b00000000021000000003000100000000080001000a090000080005000a00000208000f00e803000008000600070000000800040003000000";
        var spec = new RouteSpec { Destination = IPNetwork.Parse("10.9.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 1000, Metric = 7, Device = "up0" };
        RouteRequests.Add(_writer, spec, deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Main_table_via_gateway()
    {
        // ip route add 10.8.0.0/16 via 10.0.0.2   (table main: rtm_table 254)
        const string iproute2 = "2c00000018000506b4fb006b0000000002100000fe03000100000000080001000a080000080005000a000002";
        RouteRequests.Add(_writer, new RouteSpec { Destination = IPNetwork.Parse("10.8.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2") }, deviceIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Default_route_has_no_destination_attribute()
    {
        // ip route add default via 10.0.0.2 table 100
        const string iproute2 = "2400000018000506b8fc006b00000000020000006403000100000000080005000a000002";
        RouteRequests.Add(_writer, new RouteSpec { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100 }, deviceIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Preferred_source()
    {
        // ip route add 10.6.0.0/16 via 10.0.0.2 table 100 src 10.0.0.1 dev up0
        const string iproute2 = "3c00000018000506b8fc006b00000000021000006403000100000000080001000a060000080005000a000002080007000a0000010800040003000000";
        var spec = new RouteSpec
        {
            Destination = IPNetwork.Parse("10.6.0.0/16"),
            Gateway = IPAddress.Parse("10.0.0.2"),
            Table = 100,
            PreferredSource = IPAddress.Parse("10.0.0.1"),
            Device = "up0",
        };
        RouteRequests.Add(_writer, spec, deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Ipv6_via_gateway()
    {
        // ip route add fd01::/64 via fd00::2 table 100 dev up0
        const string iproute2 = "4c00000018000506d6fb006b000000000a400000640300010000000014000100fd01000000000000000000000000000014000500fd0000000000000000000000000000020800040003000000";
        var spec = new RouteSpec { Destination = IPNetwork.Parse("fd01::/64"), Gateway = IPAddress.Parse("fd00::2"), Table = 100, Device = "up0" };
        RouteRequests.Add(_writer, spec, deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_uses_wildcard_protocol_scope_and_type()
    {
        // ip route del 10.0.0.5/32 dev up0 table 100   (proto 0, scope nowhere 255, type 0, no NLM_F_CREATE)
        const string iproute2 = "2c00000019000500d6fb006b00000000022000006400ff0000000000080001000a0000050800040003000000";
        RouteRequests.Delete(_writer, RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100), deviceIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_via_gateway()
    {
        // ip route del 10.6.0.0/16 via 10.0.0.2 table 100   (the spec's protocol is not sent: it is a wildcard)
        const string iproute2 = "2c00000019000500b8fc006b00000000021000006400ff0000000000080001000a060000080005000a000002";
        var spec = new RouteSpec { Destination = IPNetwork.Parse("10.6.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100, Protocol = RouteProtocol.Static };
        RouteRequests.Delete(_writer, spec, deviceIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Theory]
    // ip -4 route show table 100   (iproute2 puts even a small table in RTA_TABLE, rtm_table 0)
    [InlineData("240000001a000103e1fb006b0000000002000000000000000000000008000f0064000000", AddressFamily.InterNetwork, 100u)]
    // ip -6 route show table 100
    [InlineData("240000001a000103e1fb006b000000000a000000000000000000000008000f0064000000", AddressFamily.InterNetworkV6, 100u)]
    // ip -4 route show table 4242
    [InlineData("240000001a000103e1fb006b0000000002000000000000000000000008000f0092100000", AddressFamily.InterNetwork, 4242u)]
    public void Dump_filtered_by_table_and_family(string iproute2, AddressFamily family, uint table)
    {
        RouteRequests.Dump(_writer, new RouteFilter { Table = table, Family = family });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsDumped(_writer));
    }

    [Fact]
    public void Dump_of_everything()
    {
        // ip route show table all   (a bare rtmsg of zeros: every family, every table)
        const string iproute2 = "1c0000001a000103b8fc006b00000000000000000000000000000000";
        RouteRequests.Dump(_writer, null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsDumped(_writer));
    }

    [Fact]
    public void Ipv4_dump_entries_decode()
    {
        // The answer to `ip -4 route show table 100` holding 10.0.0.5/32 dev up0 (scope link) and
        // 192.168.5.0/24 via 10.0.0.2 dev up0 proto static metric 50. The kernel adds RTA_TABLE to both.
        const string reply =
            "3400000018002200e1fb006bff1a0000022000006403fd010000000008000f0064000000080001000a0000050800040003000000" +
            "4400000018002200e1fb006bff1a000002180000640400010000000008000f006400000008000100c0a805000800060032000000080005000a0000020800040003000000";
        var routes = Parse(reply);
        Assert.Equal(2, routes.Count);

        var host = routes[0];
        Assert.Equal(AddressFamily.InterNetwork, host.Family);
        Assert.Equal(IPNetwork.Parse("10.0.0.5/32"), host.Destination);
        Assert.Null(host.Gateway);
        Assert.Equal(3, host.DeviceIndex);
        Assert.Equal(100u, host.Table);
        Assert.Equal(AddressScope.Link, host.Scope);
        Assert.Equal(RouteProtocol.Boot, host.Protocol);
        Assert.Equal(RouteType.Unicast, host.Type);
        Assert.Equal(0u, host.Metric);
        Assert.Equal("10.0.0.5/32 table 100", host.ToString());

        var viaGateway = routes[1];
        Assert.Equal(IPNetwork.Parse("192.168.5.0/24"), viaGateway.Destination);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), viaGateway.Gateway);
        Assert.Equal(AddressScope.Universe, viaGateway.Scope);
        Assert.Equal(RouteProtocol.Static, viaGateway.Protocol);
        Assert.Equal(50u, viaGateway.Metric);
    }

    [Fact]
    public void Ipv6_dump_entry_decodes()
    {
        // The answer to `ip -6 route show table 100` holding fd01::/64 via fd00::2 dev up0: IPv6
        // routes always carry a metric (1024 by default), RTA_CACHEINFO and RTA_PREF.
        const string reply = "8800000018002200e1fb006b031b00000a400000640300010000000008000f006400000014000100fd010000000000000000000000000000080006000004000014000500fd000000000000000000000000000002080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000";
        var route = Assert.Single(Parse(reply));
        Assert.Equal(AddressFamily.InterNetworkV6, route.Family);
        Assert.Equal(IPNetwork.Parse("fd01::/64"), route.Destination);
        Assert.Equal(IPAddress.Parse("fd00::2"), route.Gateway);
        Assert.Equal(3, route.DeviceIndex);
        Assert.Equal(100u, route.Table);
        Assert.Equal(1024u, route.Metric);
        Assert.Equal(RouteProtocol.Boot, route.Protocol);
    }

    [Fact]
    public void Large_table_id_comes_from_rta_table_not_rtm_table()
    {
        // A reply for table 1000 has rtm_table 252 (RT_TABLE_COMPAT); built by hand from the
        // 10.0.0.5/32 entry above with rtm_table fc and RTA_TABLE e8030000.
        const string reply = "3400000018002200e1fb006bff1a000002200000fc03fd010000000008000f00e8030000080001000a0000050800040003000000";
        Assert.Equal(1000u, Assert.Single(Parse(reply)).Table);
    }

    private static List<RouteInfo> Parse(string hex)
    {
        var routes = new List<RouteInfo>();
        foreach (var message in new NetlinkMessageEnumerator(Golden.Bytes(hex)))
        {
            Assert.Equal(NetlinkMessageType.NewRoute, message.Type);
            routes.Add(RouteMessageParser.Parse(message)!);
        }
        return routes;
    }
}
