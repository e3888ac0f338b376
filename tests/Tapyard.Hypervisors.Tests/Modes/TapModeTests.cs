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

    [Fact]
    public void A_macvtap_guest_on_vlan_10_and_the_outside_hosts_vlan_10_ping_each_other_through_eth3_10()
    {
        AssertPingsBothWays(TapModeGuest.MacvtapVlanIp, TapModeGuest.MacvtapVlanOutside, "macvtap vlan 10");
        var record = Assert.Single(new Tapyard.Node.NicRecords(guest.World.RunDirectory, Support.DriverWorld.NodeName).ReadAll(), r => r.NicIndex == 3);
        Assert.Equal(("eth3.10", "eth3", (int?)10), (record.Lower, record.VlanParent, record.Vlan));
        Assert.Equal("eth3.10", Ip.Link(guest.World.Node.Name, record.Device).Get("link")?.GetString());
    }

    [Fact]
    public void A_bridged_guest_on_vlan_20_and_the_outside_hosts_vlan_20_ping_each_other_through_an_access_port()
    {
        AssertPingsBothWays(TapModeGuest.BridgedVlanIp, TapModeGuest.BridgedVlanOutside, "bridged vlan 20");
        var record = Assert.Single(new Tapyard.Node.NicRecords(guest.World.RunDirectory, Support.DriverWorld.NodeName).ReadAll(), r => r.NicIndex == 4);
        Assert.Equal((TapModeGuest.LinuxBridge, (int?)20), (record.Bridge, record.Vlan));
        // The access port's programs sit on the tap's two hooks (tc from iproute2 as the independent reader).
        foreach (string hook in new[] { "ingress", "egress" })
            Assert.Contains("bpf", Ip.RunProgram("tc", "-n", guest.World.Node.Name, "filter", "show", "dev", record.Device, hook));
    }

    [Fact]
    public void A_bridged_guest_sending_from_an_address_not_its_own_is_dropped_on_the_tap()
    {
        // On a tap the guest's frames enter the host on the tap's receive path: the netdev ingress
        // hook drops them (the macvtap modes use egress; MacvtapModeTests covers those, with a spoof_check=off control).
        const string spoofed = "10.5.0.99";
        string name = GuestSide.InterfaceOf(guest.Console, guest.Nic(1).Mac);
        try
        {
            GuestSide.Must(guest.Console, $"ip addr add {spoofed}/24 dev {name}");
            var honest = GuestSide.PingFrom(guest.Console, TapModeGuest.BridgedIp.ToString(), TapModeGuest.BridgedOutside, count: 2);
            Assert.True(honest.Received > 0, $"no answer to the guest's own address (the control): {honest}");
            var ping = GuestSide.PingFrom(guest.Console, spoofed, TapModeGuest.BridgedOutside, count: 2);
            Assert.Equal(0, ping.Received);
            Assert.False(SwitchTables.OutsideKnows(guest.World.Switch.Name, spoofed), $"the outside host heard of {spoofed}: a spoofed packet got out");
        }
        finally
        {
            guest.Console.Run($"ip addr del {spoofed}/24 dev {name}", TimeSpan.FromSeconds(30));
        }
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
