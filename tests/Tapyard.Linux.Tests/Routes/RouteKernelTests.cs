using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Routes;
using Tapyard.Linux.Tests.Addresses;

namespace Tapyard.Linux.Tests.Routes;

/// <summary>
/// Routes in a throwaway namespace (veth up0 with 10.0.0.1/24 and fd00::1/64), each result read back
/// by `ip -j route show table N`.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class RouteKernelTests : IDisposable
{
    private readonly VethNamespace _ns = VethNamespace.Create("route");

    public RouteKernelTests()
    {
        _ns.Netlink.Addresses.Add("up0", AddressSpec.Parse("10.0.0.1/24"));
        _ns.Netlink.Addresses.Add("up0", AddressSpec.Parse("fd00::1/64") with { NoDad = true });
    }

    private RouteOperations Routes => _ns.Netlink.Routes;

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Ganeti_routed_mode_host_route_is_on_link_in_its_table()
    {
        // ip route add 10.0.0.5/32 dev up0 table 100
        Routes.Add(RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100));

        var route = Assert.Single(_ns.IpRoutes(100));
        Assert.Equal("10.0.0.5", route.GetProperty("dst").GetString());
        Assert.Equal("up0", route.GetProperty("dev").GetString());
        Assert.Equal("link", route.GetProperty("scope").GetString());
        Assert.False(route.TryGetProperty("gateway", out _));
        Assert.DoesNotContain(_ns.IpRoutes(RouteTables.Main), r => r.GetProperty("dst").GetString() == "10.0.0.5");

        var listed = Assert.Single(Routes.List(100));
        Assert.Equal(IPNetwork.Parse("10.0.0.5/32"), listed.Destination);
        Assert.Equal(_ns.Up0.Index, listed.DeviceIndex);
        Assert.Equal(AddressScope.Link, listed.Scope);
        Assert.Equal(RouteProtocol.Boot, listed.Protocol);
        Assert.Equal(100u, listed.Table);
    }

    [Fact]
    public void Gateway_metric_and_protocol_as_iproute2_sees_them()
    {
        Routes.Add(new RouteSpec
        {
            Destination = IPNetwork.Parse("192.168.5.0/24"),
            Gateway = IPAddress.Parse("10.0.0.2"),
            Device = "up0",
            Table = 100,
            Metric = 50,
            Protocol = RouteProtocol.Static,
        });

        var route = Assert.Single(_ns.IpRoutes(100));
        Assert.Equal("192.168.5.0/24", route.GetProperty("dst").GetString());
        Assert.Equal("10.0.0.2", route.GetProperty("gateway").GetString());
        Assert.Equal(50, route.GetProperty("metric").GetInt32());
        Assert.Equal("static", route.GetProperty("protocol").GetString());

        var listed = Assert.Single(Routes.List(100));
        Assert.Equal(IPAddress.Parse("10.0.0.2"), listed.Gateway);
        Assert.Equal(50u, listed.Metric);
        Assert.Equal(RouteProtocol.Static, listed.Protocol);
        Assert.Equal(AddressScope.Universe, listed.Scope);
    }

    [Fact]
    public void Table_above_255_and_default_route()
    {
        Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.9.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100000 });
        Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100000 });

        var dsts = _ns.IpRoutes(100000).Select(r => r.GetProperty("dst").GetString()).Order().ToList();
        Assert.Equal(["10.9.0.0/16", "default"], dsts);

        var listed = Routes.List(100000);
        Assert.Equal(2, listed.Count);
        Assert.All(listed, r => Assert.Equal(100000u, r.Table));
        Assert.Contains(listed, r => r.Destination.PrefixLength == 0);
    }

    [Fact]
    public void Ipv6_route_via_gateway()
    {
        Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("fd01::/64"), Gateway = IPAddress.Parse("fd00::2"), Device = "up0", Table = 100 });

        var route = Assert.Single(_ns.IpRoutes(100, ipv6: true));
        Assert.Equal("fd01::/64", route.GetProperty("dst").GetString());
        Assert.Equal("fd00::2", route.GetProperty("gateway").GetString());
        Assert.Equal("up0", route.GetProperty("dev").GetString());

        var listed = Assert.Single(Routes.List(100, AddressFamily.InterNetworkV6));
        Assert.Equal(IPAddress.Parse("fd00::2"), listed.Gateway);
        Assert.Equal(1024u, listed.Metric);
    }

    [Fact]
    public void List_filters_by_table_and_family()
    {
        Routes.Add(RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100));
        Routes.Add(RouteSpec.OnLink(IPAddress.Parse("fd00::5"), "up0", 100));
        Routes.Add(RouteSpec.OnLink(IPAddress.Parse("10.0.0.6"), "up0", 200));

        Assert.Equal(["10.0.0.5/32"], Routes.List(100, AddressFamily.InterNetwork).Select(r => r.Destination.ToString()));
        Assert.Equal(["fd00::5/128"], Routes.List(100, AddressFamily.InterNetworkV6).Select(r => r.Destination.ToString()));
        Assert.Equal(["10.0.0.5/32", "fd00::5/128"], Routes.List(100).Select(r => r.Destination.ToString()).Order());
        Assert.Equal(["10.0.0.6/32"], Routes.List(200).Select(r => r.Destination.ToString()));

        // The main table holds the kernel's prefix route for 10.0.0.1/24 and nothing of ours.
        var main = Routes.List(RouteTables.Main, AddressFamily.InterNetwork);
        Assert.Contains(main, r => r.Destination.ToString() == "10.0.0.0/24" && r.Protocol == RouteProtocol.Kernel);
        Assert.DoesNotContain(main, r => r.Destination.ToString() == "10.0.0.5/32");

        // By device: every route of up0, in any table.
        var onUp0 = Routes.List(new RouteFilter { DeviceIndex = _ns.Up0.Index, Family = AddressFamily.InterNetwork });
        Assert.All(onUp0, r => Assert.Equal(_ns.Up0.Index, r.DeviceIndex));
        Assert.Contains(onUp0, r => r.Table == 200);
    }

    [Fact]
    public void Listing_a_table_that_does_not_exist_is_empty()
    {
        Assert.Empty(Routes.List(4242));
        Assert.Empty(Routes.List(4242, AddressFamily.InterNetwork));
        Assert.Empty(Routes.List(4242, AddressFamily.InterNetworkV6));
    }

    [Fact]
    public void Delete_removes_the_route_and_a_second_delete_says_it_is_not_there()
    {
        var spec = RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100);
        Routes.Add(spec);
        Routes.Delete(spec);
        Assert.Empty(_ns.IpRoutes(100));

        var e = Assert.Throws<RouteNotFoundException>(() => Routes.Delete(spec));
        Assert.Equal("route 10.0.0.5/32 table 100 does not exist; nothing to delete", e.Message);
        Assert.Equal(LinuxErrno.ESRCH, e.Errno);
    }

    [Fact]
    public void Delete_finds_a_route_whatever_protocol_installed_it()
    {
        Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.6.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100, Protocol = RouteProtocol.Static });
        Routes.Delete(new RouteSpec { Destination = IPNetwork.Parse("10.6.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100 });
        Assert.Empty(_ns.IpRoutes(100));
    }

    [Fact]
    public void Duplicate_route_is_a_typed_error_naming_route_and_table()
    {
        var spec = RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "up0", 100);
        Routes.Add(spec);
        var e = Assert.Throws<RouteExistsException>(() => Routes.Add(spec));
        Assert.Equal("route 10.0.0.5/32 table 100 already exists; delete it first or replace it", e.Message);
        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
    }

    [Fact]
    public void Replace_swaps_the_gateway()
    {
        Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.9.0.0/16"), Gateway = IPAddress.Parse("10.0.0.2"), Table = 100 });
        Routes.Replace(new RouteSpec { Destination = IPNetwork.Parse("10.9.0.0/16"), Gateway = IPAddress.Parse("10.0.0.3"), Table = 100 });
        var route = Assert.Single(_ns.IpRoutes(100));
        Assert.Equal("10.0.0.3", route.GetProperty("gateway").GetString());
    }

    [Fact]
    public void Unreachable_gateway_is_a_typed_error_with_the_kernels_reason()
    {
        var e = Assert.Throws<RouteGatewayUnreachableException>(() =>
            Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.7.0.0/16"), Gateway = IPAddress.Parse("172.16.0.1"), Table = 100 }));
        Assert.StartsWith("cannot add route 10.7.0.0/16 table 100: gateway 172.16.0.1 is not directly reachable", e.Message);
        Assert.EndsWith("(kernel: Nexthop has invalid gateway)", e.Message);
        Assert.Equal(101, e.Errno); // ENETUNREACH
        Assert.Empty(_ns.IpRoutes(100));
    }

    [Fact]
    public void Route_on_a_missing_device_is_a_typed_error()
    {
        var byName = Assert.Throws<LinkNotFoundException>(() => Routes.Add(RouteSpec.OnLink(IPAddress.Parse("10.0.0.5"), "tap9", 100)));
        Assert.Equal("device tap9 (needed for route 10.0.0.5/32 table 100) does not exist", byName.Message);

        var byIndex = Assert.Throws<LinkNotFoundException>(() =>
            Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.0.0.5/32"), DeviceIndex = 987654, Table = 100 }));
        Assert.Equal("device with index 987654 (needed for route 10.0.0.5/32 table 100) does not exist", byIndex.Message);
        Assert.Equal(LinuxErrno.ENODEV, byIndex.Errno);
    }

    [Fact]
    public void Invalid_specs_are_refused_before_any_syscall()
    {
        Assert.Throws<InvalidRouteException>(() => Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.7.0.0/16"), Gateway = IPAddress.Parse("fd00::2"), Table = 100 }));
        Assert.Throws<InvalidRouteException>(() => Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.7.0.0/16"), Table = 100 }));
        var e = Assert.Throws<InvalidRouteException>(() => Routes.Add(new RouteSpec { Destination = IPNetwork.Parse("10.7.0.0/16"), Device = "up0", Table = 0 }));
        Assert.Contains("table 0", e.Message);
        Assert.Empty(_ns.IpRoutes(100));
    }
}
