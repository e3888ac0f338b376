using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

public sealed class NetworkOperationsTests
{
    private static NetworkAddRequest Net(string name, string? cidr, string? gateway = null, params string[] reserved) =>
        new() { Name = name, Network = cidr, Gateway = gateway, AddReservedIps = reserved };

    [Fact]
    public void Add_accepts_a_slash_30_and_a_slash_8()
    {
        var state = Scenario.Cluster();
        var small = NetworkOperations.Add(state, Net("small", "10.9.0.0/30"));
        Assert.Equal("X..X", state.PoolOf(small).Map());
        var big = NetworkOperations.Add(state, Net("big", "10.0.0.0/8", "10.0.0.1"));
        var pool = state.PoolOf(big);
        Assert.Equal(1 << 24, pool.Size);
        Assert.Equal((1 << 24) - 3, pool.FreeCount);
        Assert.Equal(["10.0.0.0", "10.0.0.1", "10.255.255.255"], big.ExternalReservations);
    }

    [Fact]
    public void Add_keeps_ipv6_mac_prefix_and_tags()
    {
        var state = Scenario.Cluster();
        var network = NetworkOperations.Add(state, new NetworkAddRequest
        {
            Name = "v6", Network = "192.0.2.0/24", Network6 = "2001:db8:2ffc::/64", Gateway6 = "2001:db8:2ffc::1",
            MacPrefix = "AA:BB:CC", Tags = ["lab", "blue", "lab"],
        });
        Assert.Equal(("2001:db8:2ffc::/64", "2001:db8:2ffc::1", "aa:bb:cc"), (network.Subnet6, network.Gateway6, network.MacPrefix));
        Assert.Equal(["lab", "blue"], network.Tags);
        Assert.Null(network.Gateway);
        Assert.Equal(["192.0.2.0", "192.0.2.255"], network.ExternalReservations);
    }

    [Theory]
    [InlineData("bad1", "10.0.0.0/33", null, null, "'33' is not a valid netmask; use a prefix length 0..32, e.g. 10.0.0.0/24")]
    [InlineData("hostbits", "10.4.0.1/24", null, null, "10.4.0.1/24 has host bits set; did you mean 10.4.0.0/24?")]
    [InlineData("n31", "10.60.0.0/31", null, null, "network n31 (10.60.0.0/31) has only 2 address(es), too small; specify at least a /30 network")]
    [InlineData("n32", "10.60.0.1/32", null, null, "network n32 (10.60.0.1/32) has only 1 address(es), too small; specify at least a /30 network")]
    [InlineData("huge", "10.0.0.0/7", null, null, "network huge (10.0.0.0/7) has 33554432 addresses, too big; specify at most a /8 network")]
    [InlineData("badgw", "10.1.0.0/24", "10.2.0.1", null, "network badgw: 10.1.0.0/24 does not contain gateway 10.2.0.1; give a gateway inside the subnet")]
    [InlineData("gwnet", "10.7.0.0/24", "10.7.0.0", null, "network gwnet: gateway 10.7.0.0 is the network address of 10.7.0.0/24; give a host address")]
    [InlineData("gwbc", "10.7.0.0/24", "10.7.0.255", null, "network gwbc: gateway 10.7.0.255 is the broadcast address of 10.7.0.0/24; give a host address")]
    [InlineData("badgw2", "10.8.0.0/24", "notanip", null, "gateway 'notanip' of network badgw2 is not an IPv4 address; give A.B.C.D")]
    [InlineData("resout", "10.5.0.0/24", null, "10.6.0.5", "cannot reserve IP address 10.6.0.5 in network resout: 10.5.0.0/24 does not contain 10.6.0.5; give an address inside the subnet")]
    [InlineData("resbad", "10.5.0.0/24", null, "10.5.0", "cannot reserve '10.5.0' in network resbad: it is not an IPv4 address; give A.B.C.D")]
    [InlineData("nonet", null, null, null, "network nonet needs an IPv4 subnet; give --network A.B.C.D/LEN")]
    [InlineData("vtap-net", "10.3.0.0/24", null, null, "network vtap-net already exists (UUID: {0}); choose another name")]
    public void Add_refuses_bad_input_and_changes_nothing(string name, string? cidr, string? gateway, string? reserved, string message)
    {
        var state = Scenario.Seed();
        var request = Net(name, cidr, gateway, reserved is null ? [] : [reserved]);
        Unchanged.Fails(state, () => NetworkOperations.Add(state, request), string.Format(message, state.GetNetwork("vtap-net").Uuid));
    }

    [Theory]
    [InlineData("01:00:00", null, null, "MAC prefix '01:00:00' is multicast (its first octet 01 is odd), so no device could use its MACs; give three hex octets with an even first octet, e.g. aa:00:00")]
    [InlineData(null, "2001:db8::/64", "2001:db9::1", "network v6: 2001:db8::/64 does not contain the IPv6 gateway 2001:db9::1; give a gateway inside the IPv6 subnet")]
    [InlineData(null, "2001:db8::1/64", null, "2001:db8::1/64 has host bits set; did you mean 2001:db8::/64?")]
    [InlineData(null, null, "10.0.0.1", "'10.0.0.1' is not a valid IPv6 gateway of network v6; write it e.g. as 2001:db8::1")]
    public void Add_refuses_bad_mac_prefix_and_ipv6(string? prefix, string? network6, string? gateway6, string message)
    {
        var state = Scenario.Seed();
        var request = new NetworkAddRequest { Name = "v6", Network = "10.0.0.0/24", MacPrefix = prefix, Network6 = network6, Gateway6 = gateway6 };
        Unchanged.Fails(state, () => NetworkOperations.Add(state, request), message);
    }

    [Fact]
    public void Add_refuses_a_bad_tag()
    {
        var state = Scenario.Seed();
        Unchanged.Fails(state, () => NetworkOperations.Add(state, new NetworkAddRequest { Name = "t", Network = "10.0.0.0/24", Tags = ["a b"] }),
            "tag 'a b' of network t is not valid; use a non-empty tag without spaces or commas");
    }

    [Fact]
    public void Modify_moves_the_gateway_and_changes_reservations()
    {
        var state = Scenario.Seed();
        var network = state.GetNetwork("vtap-net");
        NetworkOperations.Modify(state, new NetworkModifyRequest
        {
            Name = "vtap-net", Gateway = "192.0.2.13", AddReservedIps = ["192.0.2.5"], RemoveReservedIps = ["192.0.2.14"],
            AddTags = ["x"], MacPrefix = "aa:bb:00",
        });
        Assert.Equal("192.0.2.13", network.Gateway);
        Assert.Equal(["192.0.2.0", "192.0.2.5", "192.0.2.13", "192.0.2.15"], network.ExternalReservations);
        Assert.Equal("X....X.......X.X", state.PoolOf(network).Map());
        Assert.Equal(["x"], network.Tags);
        Assert.Equal("aa:bb:00", network.MacPrefix);
        Assert.Equal(2, network.Serial);
        Assert.Equal("192.0.2.1", Scenario.AddInstance(state, "i1", "0:network=vtap-net,ip=pool").Nics[0].Ip);

        NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "vtap-net", Gateway = "none", MacPrefix = "none" });
        Assert.Null(network.Gateway);
        Assert.Null(network.MacPrefix);
        Assert.Equal(["192.0.2.0", "192.0.2.5", "192.0.2.15"], network.ExternalReservations);
        Assert.Equal(3, network.Serial);

        NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "vtap-net", MacPrefix = "none", AddTags = ["x"] });
        Assert.Equal(3, network.Serial);
    }

    [Fact]
    public void Modify_refuses_bad_input_and_changes_nothing()
    {
        var state = Scenario.Seed();
        Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool");
        NetworkModifyRequest M(string[]? add = null, string[]? remove = null, string? gateway = null) =>
            new() { Name = "vtap-net", AddReservedIps = add ?? [], RemoveReservedIps = remove ?? [], Gateway = gateway };

        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(add: ["10.99.0.1"])),
            "cannot reserve IP address 10.99.0.1 in network vtap-net: 192.0.2.0/28 does not contain 10.99.0.1; give an address inside the subnet");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(add: ["192.0.2.2"])),
            "cannot reserve IP address 192.0.2.2 in network vtap-net: an instance's NIC uses it; remove that NIC first");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(add: ["192.0.2.9", "192.0.2.14"])),
            "cannot reserve IP address 192.0.2.14 in network vtap-net: it is already reserved");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(remove: ["192.0.2.1"])),
            "cannot release IP address 192.0.2.1 in network vtap-net: it is the gateway; change the gateway first");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(remove: ["192.0.2.15"])),
            "cannot release IP address 192.0.2.15 in network vtap-net: it is the broadcast address and stays reserved");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(remove: ["192.0.2.7"])),
            "cannot release IP address 192.0.2.7 in network vtap-net: it is not externally reserved");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(gateway: "192.0.2.2")),
            "gateway 192.0.2.2 of network vtap-net is used by an instance's NIC; free that address first or choose another gateway");
        // Taking over a reservation would lose it when the gateway next moves.
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(gateway: "192.0.2.14")),
            "gateway 192.0.2.14 of network vtap-net is already externally reserved; release it first (--remove-reserved-ips 192.0.2.14) or choose another gateway");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(gateway: "10.0.0.1")),
            "network vtap-net: 192.0.2.0/28 does not contain gateway 10.0.0.1; give a gateway inside the subnet");
        // A later bad value undoes nothing of the earlier good ones because none was applied.
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, M(add: ["192.0.2.9"], gateway: "192.0.2.3", remove: ["192.0.2.8"])),
            "cannot release IP address 192.0.2.8 in network vtap-net: it is not externally reserved");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "nosuchnet" }), "network 'nosuchnet' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "vtap-net", RemoveTags = ["t"] }),
            "network vtap-net has no tag 't'; nothing to remove");
    }

    [Fact]
    public void Remove_refuses_a_connected_or_used_network_and_an_unknown_one()
    {
        var state = Scenario.Seed();
        Unchanged.Fails(state, () => NetworkOperations.Remove(state, "nosuchnet"), "network 'nosuchnet' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Remove(state, "vtap-net"), "network vtap-net is connected to node groups vtap_group; disconnect it first");
    }

    [Fact]
    public void Remove_refuses_a_network_used_by_instances_even_when_disconnected()
    {
        // Disconnect refuses while used, so a used, unconnected network comes only from a config
        // written by hand or by an older version; removal still refuses it.
        var state = Scenario.Seed();
        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool");
        state.GetGroup("vtap_group").Networks.Clear();
        Unchanged.Fails(state, () => NetworkOperations.Remove(state, "vtap-net"), "network vtap-net is used by instances inst1; remove their NICs first");
    }

    [Fact]
    public void Connect_refuses_bad_input_and_changes_nothing()
    {
        var state = Scenario.Seed();
        var bridged = NicParamsParser.Parse("mode=bridged,link=br0");
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "nosuchnet", "default", bridged, true), "network 'nosuchnet' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "vtap-net", "nosuch", bridged, true), "node group 'nosuch' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "vtap-net", "vtap_group", bridged, true),
            "network vtap-net is already connected to node group vtap_group; disconnect it first to change its parameters");
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "vtap-net", "default", NicParamsParser.Parse("link=eth0,mvtap_mode=bridge"), true),
            NicParamsRules.MvtapModeNeedsMacvtap);
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "vtap-net", "default", NicParamsParser.Parse("mode=macvtap"), true),
            "no link for mode=macvtap: give link=DEVICE, or set a cluster default with 'cluster modify -N mode=macvtap,link=DEVICE'");
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "vtap-net", "default", new NicParams { Mode = NicMode.OpenVswitch, Link = "br-int", Vlan = 4095 }, true),
            "VLAN 4095 is out of range; use 1..4094");
    }

    [Fact]
    public void Connect_without_parameters_takes_the_cluster_defaults()
    {
        var state = Scenario.Seed();
        NetworkOperations.Connect(state, "vtap-net", "default", NicParams.Empty, true);
        var connection = state.ConnectionsOf(state.GetNetwork("vtap-net")).Single(c => c.Group.Name == "default");
        Assert.Equal((NicMode.Bridged, "br0"), (connection.Effective.Mode, connection.Effective.Link));
        var nic = state.NicsOf(InstanceOperations.Add(state, Scenario.InstanceOn("n2", "i2", "0:network=vtap-net,ip=pool"))).Single();
        Assert.Equal((NicMode.Bridged, "br0", "192.0.2.2"), (nic.Mode, nic.Link, nic.Ip));
    }

    [Fact]
    public void Connect_checks_conflicts_with_addresses_already_used_in_the_group()
    {
        var state = Scenario.Seed();
        NetworkOperations.Add(state, Net("other", "10.20.0.0/16", "10.20.0.1"));
        // An instance in group default has a routed NIC with an address of "other" but is not on it.
        InstanceOperations.Add(state, Scenario.InstanceOn("n2", "r1", "0:mode=routed,link=eth0,ip=10.20.0.7"));
        Unchanged.Fails(state, () => NetworkOperations.Connect(state, "other", "default", NicParams.Empty, checkConflicts: true),
            "instances of node group default already use addresses of network other (r1: nic0/10.20.0.7); change those NICs, or connect with --no-conflicts-check");

        // An externally reserved address is no conflict.
        NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "other", AddReservedIps = ["10.20.0.7"] });
        NetworkOperations.Connect(state, "other", "default", NicParams.Empty, checkConflicts: true);
    }

    [Fact]
    public void No_conflicts_check_connects_anyway()
    {
        var state = Scenario.Seed();
        NetworkOperations.Add(state, Net("other", "10.20.0.0/16", "10.20.0.1"));
        InstanceOperations.Add(state, Scenario.InstanceOn("n2", "r1", "0:mode=routed,link=eth0,ip=10.20.0.7"));
        NetworkOperations.Connect(state, "other", "default", NicParams.Empty, checkConflicts: false);
        Assert.Contains(state.GetNetwork("other").Uuid, state.GetGroup("default").Networks.Keys);
    }

    [Fact]
    public void Disconnect_refuses_unknown_and_unconnected()
    {
        var state = Scenario.Seed();
        Unchanged.Fails(state, () => NetworkOperations.Disconnect(state, "nosuchnet", "vtap_group"), "network 'nosuchnet' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Disconnect(state, "vtap-net", "nosuch"), "node group 'nosuch' does not exist");
        Unchanged.Fails(state, () => NetworkOperations.Disconnect(state, "vtap-net", "default"),
            "network vtap-net is not connected to node group default; nothing to disconnect");
    }

    [Fact]
    public void Disconnect_only_counts_instances_of_that_group()
    {
        var state = Scenario.Seed();
        NetworkOperations.Connect(state, "vtap-net", "default", NicParamsParser.Parse("mode=bridged,link=br0"), true);
        InstanceOperations.Add(state, Scenario.InstanceOn("n2", "i2", "0:network=vtap-net,ip=pool"));
        NetworkOperations.Disconnect(state, "vtap-net", "vtap_group");
        Unchanged.Fails(state, () => NetworkOperations.Disconnect(state, "vtap-net", "default"),
            "network vtap-net is used by instances of node group default (i2: nic0/192.0.2.2); remove or modify those NICs first");
    }

    [Fact]
    public void Connections_and_users_come_in_natural_order_of_names_and_a_bad_connection_is_still_described()
    {
        var state = Scenario.Seed();
        foreach (string group in new[] { "g10", "g9" })
        {
            GroupOperations.Add(state, group);
            NetworkOperations.Connect(state, "vtap-net", group, NicParamsParser.Parse("mode=bridged,link=br0"), checkConflicts: true);
        }
        foreach (string name in new[] { "inst10", "inst9", "inst1" })
            Scenario.AddInstance(state, name, "0:network=vtap-net,ip=pool", "1:", "2:network=vtap-net");
        var network = state.GetNetwork("vtap-net");

        Assert.Equal(["g9", "g10", "vtap_group"], state.ConnectionsOf(network).Select(c => c.Group.Name));
        var users = state.UsersOf(network);
        Assert.Equal(["inst1", "inst9", "inst10"], users.Select(u => u.Instance));
        Assert.Equal([(0, "192.0.2.4"), (2, null)], users[0].Nics);   // inst1 came last: .2 and .3 were taken

        // A stored connection the rules refuse (a hand edit) is shown as it is, not thrown.
        state.GetGroup("g9").Networks[network.Uuid] = new NicParams { Mode = NicMode.Bridged, Link = "br0", MvtapMode = MvtapMode.Vepa };
        var described = state.ConnectionsOf(network)[0].Effective;
        Assert.Equal((NicMode.Bridged, (MvtapMode?)MvtapMode.Vepa), (described.Mode, described.MvtapMode));
    }
}
