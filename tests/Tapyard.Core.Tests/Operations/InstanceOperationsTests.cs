using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

public sealed class InstanceOperationsTests
{
    [Fact]
    public void Add_keeps_resources_order_and_uuids()
    {
        var state = Scenario.Seed();
        var instance = InstanceOperations.Add(state, Scenario.Instance("inst1", "1:mode=bridged", "0:network=vtap-net,ip=192.0.2.9,name=front") with { Vcpus = 2, MemoryMiB = 1024 });
        Assert.Equal((2, 1024, 1L), (instance.Vcpus, instance.MemoryMiB, instance.Serial));
        Assert.Equal("front", instance.Nics[0].Name);
        Assert.Equal("192.0.2.9", instance.Nics[0].Ip);
        Assert.Null(instance.Nics[1].NetworkUuid);
        Assert.Equal(3, new[] { instance.Uuid, instance.Nics[0].Uuid, instance.Nics[1].Uuid }.Distinct().Count());
        Assert.Equal(state.GetNode("n1").Uuid, instance.NodeUuid);
        Assert.Same(instance, state.GetInstance("inst1"));
    }

    [Fact]
    public void Nic_parameters_come_from_the_nic_over_the_connection_over_the_cluster()
    {
        var state = Scenario.Seed();
        var instance = Scenario.AddInstance(state, "inst1",
            "0:network=vtap-net,mvtap_mode=private", "1:mode=bridged", "2:", "3:mode=openvswitch,link=br-int,vlan=100");
        var nics = state.NicsOf(instance);
        Assert.Equal((NicMode.Macvtap, "eth0", (MvtapMode?)MvtapMode.Private, false), (nics[0].Mode, nics[0].Link, nics[0].MvtapMode, nics[0].MvtapModeInherited));
        Assert.Equal((NicMode.Bridged, "br0", true, false), (nics[1].Mode, nics[1].Link, nics[1].LinkInherited, nics[1].ModeInherited));
        Assert.Equal((NicMode.Bridged, "br0", true), (nics[2].Mode, nics[2].Link, nics[2].ModeInherited));
        Assert.Equal((NicMode.OpenVswitch, "br-int", (int?)100, false), (nics[3].Mode, nics[3].Link, nics[3].Vlan, nics[3].VlanInherited));
        Assert.Equal([0, 1, 2, 3], nics.Select(n => n.Index));
        Assert.Equal(instance.Nics.Select(n => n.Mac), nics.Select(n => n.Mac));
    }

    [Fact]
    public void Macs_come_from_the_network_prefix_else_the_cluster_and_are_unique()
    {
        var state = Scenario.Seed();
        NetworkOperations.Modify(state, new NetworkModifyRequest { Name = "vtap-net", MacPrefix = "52:54:00" });
        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net", "1:");
        Assert.StartsWith("52:54:00:", instance.Nics[0].Mac);
        Assert.StartsWith("aa:00:00:", instance.Nics[1].Mac);
        Assert.All(instance.Nics, n => Assert.Equal(n.Mac, Tapyard.Linux.Links.MacAddress.Parse(n.Mac).ToString()));
        Assert.True(state.IsMacInUse(instance.Nics[0].Mac));
        Assert.Equal("inst1", state.MacOwner(instance.Nics[1].Mac));
    }

    [Fact]
    public void Pool_allocation_takes_the_lowest_free_and_explicit_addresses_are_honoured()
    {
        var state = Scenario.Seed();
        Assert.Equal("192.0.2.3", Scenario.AddInstance(state, "a", "0:network=vtap-net,ip=192.0.2.3").Nics[0].Ip);
        var b = Scenario.AddInstance(state, "b", "0:network=vtap-net,ip=pool", "1:network=vtap-net,ip=pool");
        Assert.Equal(["192.0.2.2", "192.0.2.4"], b.Nics.Select(n => n.Ip));
        Assert.Null(Scenario.AddInstance(state, "c", "0:network=vtap-net").Nics[0].Ip);
    }

    [Fact]
    public void Add_refuses_every_bad_input_and_changes_nothing()
    {
        var state = Scenario.Seed();
        NetworkOperations.Add(state, new NetworkAddRequest { Name = "big16", Network = "10.20.0.0/16", Gateway = "10.20.0.1" });
        var inst1 = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool,mac=aa:00:00:00:00:01");
        void Fails(string message, params string[] nets) =>
            Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2", nets)), message);

        Fails("IP 10.9.9.9 is outside network vtap-net (192.0.2.0/28); give an address inside it or ip=pool", "0:network=vtap-net,ip=10.9.9.9");
        Fails("IP 192.0.2.2 of network vtap-net is already in use or reserved; give a free address or ip=pool", "0:network=vtap-net,ip=192.0.2.2");
        Fails("IP 192.0.2.14 of network vtap-net is already in use or reserved; give a free address or ip=pool", "0:network=vtap-net,ip=192.0.2.14");
        Fails("IP 192.0.2.5 of network vtap-net is already in use or reserved; give a free address or ip=pool",
            "0:network=vtap-net,ip=192.0.2.5", "1:network=vtap-net,ip=192.0.2.5");
        Fails("MAC aa:00:00:00:00:01 is already used by instance inst1; give another MAC or mac=generate", "0:mac=AA:00:00:00:00:01");
        Fails("MAC aa:00:00:00:00:02 is already used by instance inst2; give another MAC or mac=generate", "0:mac=aa:00:00:00:00:02", "1:mac=aa:00:00:00:00:02");
        Fails("network 'nosuchnet' does not exist", "0:network=nosuchnet,ip=pool");
        Fails("network big16 is not connected to node group vtap_group of node n1; connect it with 'network connect -N ... big16 vtap_group' first", "0:network=big16,ip=pool");
        Fails(NicParamsRules.MvtapModeNeedsMacvtap, "0:mvtap_mode=vepa");
        // With network= the connection decides mode and link (Ganeti: no mode or link with a network).
        Fails("NIC on network vtap-net cannot set mode: the network's connection to the node group decides mode and link; leave them out (vlan and mvtap_mode may still be given)",
            "0:network=vtap-net,mode=bridged,link=br0");
        Fails("NIC on network vtap-net cannot set link: the network's connection to the node group decides mode and link; leave them out (vlan and mvtap_mode may still be given)",
            "0:network=vtap-net,link=eth1");
        // An address a connected network manages cannot be a NIC's own: the pool would hand it out again.
        Fails("IP 192.0.2.3 belongs to network vtap-net connected to group vtap_group; give network=vtap-net or another address", "0:mode=routed,link=r0,ip=192.0.2.3");
        Fails("no link for mode=macvtap: give link=DEVICE, or set a cluster default with 'cluster modify -N mode=macvtap,link=DEVICE'", "0:mode=macvtap");
        Fails("vlan is not valid with mode=routed; use mode=openvswitch, bridged or macvtap, or drop vlan", "0:mode=routed,link=eth0,vlan=3");
        Fails("NIC name 'a' is used twice in instance inst2; give each NIC its own name", "0:name=a", "1:name=a");
        Fails("NIC 1 is missing; number the NICs 0, 1, ... without gaps", "0:", "2:");
        Fails("NIC 0 is missing; number the NICs 0, 1, ... without gaps", "1:");
        Fails("NIC 0 is given twice; give each NIC index once", "0:", "0:");
        Fails("--net add:... and remove:IDX are for instance modify; give instance add its NICs as IDX:...", "add:network=vtap-net");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst1")), $"instance inst1 already exists (UUID: {inst1.Uuid}); choose another name");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("in st")), "instance name 'in st' contains 'whitespace'; use letters, digits, '-', '_' and '.'");
        // A pool address taken by an earlier NIC of a failing request goes back: .3 was free.
        Fails("IP 10.9.9.9 is outside network vtap-net (192.0.2.0/28); give an address inside it or ip=pool",
            "0:network=vtap-net,ip=pool", "1:network=vtap-net,ip=10.9.9.9");
        Assert.Equal("192.0.2.3", Scenario.AddInstance(state, "inst3", "0:network=vtap-net,ip=pool").Nics[0].Ip);

        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.InstanceOn("nosuch", "inst2")), "node 'nosuch' does not exist");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { Vcpus = 0 }),
            "instance inst2 needs at least 1 vCPU, not 0; give --vcpus 1 or more");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { MemoryMiB = 0 }),
            "instance inst2 needs at least 1 MiB of memory, not 0; give --memory 1 or more");
        // Requests built in code get the parser's checks too.
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { Nics = [new NicRequest { Index = 0, Ip = "pool" }] }),
            "ip=pool needs network=NET too (if ip=pool, parameter network must be passed); add network=NET to the NIC");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { Nics = [new NicRequest { Index = 0, Mac = "nonsense" }] }),
            "invalid MAC address 'nonsense': it has 1 octets, not 6; use six hex octets like aa:00:00:12:34:56 or mac=generate");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { Nics = [new NicRequest { Index = 0, Params = new NicParams { Vlan = 0 } }] }),
            "VLAN 0 is out of range; use 1..4094");
        Unchanged.Fails(state, () => InstanceOperations.Add(state, Scenario.Instance("inst2") with { Nics = [new NicRequest { Index = 0, Params = new NicParams { Link = "0123456789abcdef" } }] }),
            "invalid link '0123456789abcdef': it is 16 bytes long; device names hold at most 15 bytes");
    }

    [Fact]
    public void Pool_exhausted_is_refused_and_changes_nothing()
    {
        var state = Scenario.Seed();
        for (int i = 0; i < 12; i++)
            Scenario.AddInstance(state, $"i{i}", "0:network=vtap-net,ip=pool");
        Assert.Equal(0, state.PoolOf(state.GetNetwork("vtap-net")).FreeCount);
        Unchanged.Fails(state, () => Scenario.AddInstance(state, "one-more", "0:network=vtap-net,ip=pool"),
            "network vtap-net has no free address left (all 16 of 192.0.2.0/28 are reserved or in use); release one or use another network");
        InstanceOperations.Remove(state, "i5");
        Assert.Equal("192.0.2.7", Scenario.AddInstance(state, "one-more", "0:network=vtap-net,ip=pool").Nics[0].Ip);
    }

    [Fact]
    public void Remove_releases_addresses_and_macs()
    {
        var state = Scenario.Seed();
        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool,mac=aa:00:00:00:00:01");
        Unchanged.Fails(state, () => InstanceOperations.Remove(state, "nosuch"), "instance 'nosuch' does not exist");
        InstanceOperations.Remove(state, "inst1");
        Assert.Empty(state.Config.Instances);
        Assert.False(state.IsMacInUse("aa:00:00:00:00:01"));
        var again = Scenario.AddInstance(state, "inst2", "0:network=vtap-net,ip=pool,mac=aa:00:00:00:00:01");
        Assert.Equal("192.0.2.2", again.Nics[0].Ip);
        Assert.NotEqual(instance.Uuid, again.Uuid);
    }

    [Fact]
    public void Modify_adds_and_removes_nics_with_the_same_rules()
    {
        var state = Scenario.Seed();
        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool");
        string firstMac = instance.Nics[0].Mac;
        InstanceOperations.Modify(state, new InstanceModifyRequest
        {
            Name = "inst1",
            Nics = [NicRequestParser.Parse("add:network=vtap-net,ip=pool,name=second"), NicRequestParser.Parse("remove:0")],
        });
        Assert.Equal(2, instance.Serial);
        var nic = Assert.Single(instance.Nics);
        Assert.Equal(("second", "192.0.2.3"), (nic.Name, nic.Ip));
        Assert.False(state.IsMacInUse(firstMac));
        Assert.Equal("XX.X..........XX", state.PoolOf(state.GetNetwork("vtap-net")).Map());

        InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", Nics = [NicRequestParser.Parse("0:add,mode=macvtap,link=eth1")], Vcpus = 4 });
        Assert.Equal((2, 4, 3L), (instance.Nics.Count, instance.Vcpus, instance.Serial));
        Assert.Equal(NicMode.Macvtap, state.NicsOf(instance)[0].Mode);
        Assert.Equal("second", instance.Nics[1].Name);

        InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", Vcpus = 4 });
        Assert.Equal(3, instance.Serial);
    }

    [Fact]
    public void Modify_refuses_bad_changes_and_changes_nothing()
    {
        var state = Scenario.Seed();
        Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool,name=a");
        void Fails(string message, params string[] nets) => Unchanged.Fails(state,
            () => InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", Nics = nets.Select(NicRequestParser.Parse).ToList() }), message);

        Fails("instance inst1 has no NIC 1; its NICs are 0..0", "remove:1");
        Fails("instance inst1 has no NICs; there is no NIC 0 to remove", "remove:0", "remove:0");
        Fails("instance inst1 has no NICs; there is no last NIC to remove", "remove", "remove");
        Fails("cannot add NIC at index 3 to instance inst1: it has 1 NICs; use an index up to 1 or add:... to append", "3:add");
        Fails("IP 192.0.2.2 of network vtap-net is already in use or reserved; give a free address or ip=pool", "add:network=vtap-net,ip=192.0.2.2");
        Fails("NIC name 'a' is used twice in instance inst1; give each NIC its own name", "add:name=a");
        Fails(NicParamsRules.MvtapModeNeedsMacvtap, "add:mvtap_mode=vepa");
        Fails("--net 0:... would change NIC 0 of instance inst1: modify does not change existing NICs; use add:... or remove:IDX", "0:mode=bridged");
        Fails("--net 0:... would change NIC 0 of instance inst1: modify does not change existing NICs; use add:... or remove:IDX", "0:ip=pool");
        // The first add took .3 tentatively; the failure of the second gives it back.
        Fails("IP 10.0.0.1 is outside network vtap-net (192.0.2.0/28); give an address inside it or ip=pool",
            "add:network=vtap-net,ip=pool", "add:network=vtap-net,ip=10.0.0.1");
        Unchanged.Fails(state, () => InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "nosuch" }), "instance 'nosuch' does not exist");
        Unchanged.Fails(state, () => InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", MemoryMiB = -1 }),
            "instance inst1 needs at least 1 MiB of memory, not -1; give --memory 1 or more");

        // Removing NIC "a" frees its name and its address (.2) for a NIC added in the same change.
        InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", Nics = [NicRequestParser.Parse("remove:0"), NicRequestParser.Parse("add:name=a,network=vtap-net,ip=pool")] });
        Assert.Equal("192.0.2.2", state.GetInstance("inst1").Nics[0].Ip);
    }

    [Fact]
    public void Modify_frees_removed_nics_address_and_mac_for_its_adds_and_takes_them_back_on_failure()
    {
        var state = Scenario.Seed();
        Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=192.0.2.5,mac=aa:00:00:00:00:05", "1:");
        var pool = state.PoolOf(state.GetNetwork("vtap-net"));
        string Map() => pool.Map();
        string before = Map();
        void Modify(params string[] nets) =>
            InstanceOperations.Modify(state, new InstanceModifyRequest { Name = "inst1", Nics = nets.Select(NicRequestParser.Parse).ToList() });

        // A failing change gives the removed NIC's address back (its MAC never left the index).
        Unchanged.Fails(state, () => Modify("remove:0", "add:network=vtap-net,ip=192.0.2.5", "add:network=nosuchnet"), "network 'nosuchnet' does not exist");
        Assert.Equal(before, Map());
        Assert.Equal("inst1", state.MacOwner("aa:00:00:00:00:05"));

        Modify("remove:0", "add:network=vtap-net,ip=192.0.2.5,mac=aa:00:00:00:00:05");
        var nics = state.GetInstance("inst1").Nics;
        Assert.Equal(("192.0.2.5", "aa:00:00:00:00:05"), (nics[1].Ip, nics[1].Mac));
        Assert.Equal(before, Map());
        Assert.Equal("inst1", state.MacOwner("aa:00:00:00:00:05"));

        // Ganeti's bare "remove" takes the last NIC.
        Modify("remove");
        Assert.Single(state.GetInstance("inst1").Nics);
        Assert.False(state.IsMacInUse("aa:00:00:00:00:05"));
        Assert.Equal("192.0.2.5", Scenario.AddInstance(state, "inst2", "0:network=vtap-net,ip=192.0.2.5").Nics[0].Ip);
    }
}
