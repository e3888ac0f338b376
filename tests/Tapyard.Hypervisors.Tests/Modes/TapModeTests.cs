using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>Bridged, routed and openvswitch NICs of one real guest reach the outside host (one boot, see <see cref="TapModeGuest"/>).</summary>
[Trait("Category", "Kernel")]
[Collection(GuestModesCollection.Name)]
public sealed class TapModeTests(TapModeGuest guest, ITestOutputHelper output) : IClassFixture<TapModeGuest>
{
    [Fact]
    public void Bridged_guest_and_outside_host_ping_each_other()
    {
        AssertPingsBothWays(TapModeGuest.BridgedIp, TapModeGuest.BridgedOutside, "bridged");
        Assert.Contains(guest.Nic(1).Mac[3..], Ip.Run("-n", guest.World.Node.Name, "link", "show", "master", TapModeGuest.LinuxBridge));
    }

    [Fact]
    public void Routed_guest_reaches_the_outside_host_through_the_node_and_is_reached_by_its_route()
    {
        AssertPingsBothWays(TapModeGuest.RoutedIp, IPAddress.Parse(Support.DriverWorld.Outside), "routed");
        // The /32 route Tapyard added is what carried the answers.
        string routes = Ip.Run("-n", guest.World.Node.Name, "route", "show", "table", $"{TapModeGuest.RouteTable}");
        Assert.Contains($"{TapModeGuest.RoutedIp} dev tyrt", routes);
    }

    [Fact]
    public void Openvswitch_guest_and_outside_host_ping_each_other()
    {
        AssertPingsBothWays(TapModeGuest.OvsIp, TapModeGuest.OvsOutside, "openvswitch");
        Assert.Contains("tyovs", guest.Ovs.Vsctl("list-ports", TapModeGuest.OvsBridge));
    }

    private void AssertPingsBothWays(IPAddress guestIp, IPAddress outside, string mode)
    {
        var clock = Stopwatch.StartNew();
        var ping = guest.Console.Ping(outside, count: 3);
        Assert.True(ping.Received > 0, $"the guest's {mode} NIC ({guestIp}) got no answer from the outside host {outside}: {ping}");
        Assert.Null(guest.World.OutsidePingFails(guestIp.ToString()));
        output.WriteLine($"{mode}: pings both ways in {clock.Elapsed.TotalSeconds:0.0} s (guest ready {guest.ReadySeconds:0.0} s after the fixture began)");
    }
}
