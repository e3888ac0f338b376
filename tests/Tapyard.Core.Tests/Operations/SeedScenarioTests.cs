using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>The scenario of the Ganeti MacVTap design, step by step.</summary>
public sealed class SeedScenarioTests
{
    [Fact]
    public void Network_add_reserves_network_gateway_broadcast_and_the_given_address()
    {
        var state = Scenario.Cluster();
        var network = NetworkOperations.Add(state, new NetworkAddRequest
        {
            Name = "vtap-net", Network = "192.0.2.0/28", Gateway = "192.0.2.1", AddReservedIps = ["192.0.2.14"],
        });
        var pool = state.PoolOf(network);
        Assert.Equal(16, pool.Size);
        Assert.Equal(12, pool.FreeCount);
        Assert.Equal("XX............XX", pool.Map());
        Assert.Equal(["192.0.2.0", "192.0.2.1", "192.0.2.14", "192.0.2.15"], network.ExternalReservations);
        Assert.Equal(1, network.Serial);
        Assert.NotEqual(Guid.Empty, network.Uuid);
    }

    [Fact]
    public void Connect_instance_add_disconnect_refused_remove_releases()
    {
        var state = Scenario.Seed();
        var group = state.GetGroup("vtap_group");
        var network = state.GetNetwork("vtap-net");
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Bridge }, group.Networks[network.Uuid]);
        Assert.Equal(2, group.Serial);

        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool");
        Assert.Equal("192.0.2.2", instance.Nics[0].Ip);
        Assert.StartsWith("aa:00:00:", instance.Nics[0].Mac);
        Assert.Equal("XXX...........XX", state.PoolOf(network).Map());
        Assert.Equal(11, state.PoolOf(network).FreeCount);

        var nic = Assert.Single(state.NicsOf(instance));
        Assert.Equal((NicMode.Macvtap, "eth0", (int?)null, (MvtapMode?)MvtapMode.Bridge), (nic.Mode, nic.Link, nic.Vlan, nic.MvtapMode));
        Assert.True(nic.ModeInherited && nic.LinkInherited && nic.MvtapModeInherited);
        Assert.Equal("vtap-net", nic.NetworkName);

        Unchanged.Fails(state, () => NetworkOperations.Disconnect(state, "vtap-net", "vtap_group"),
            "network vtap-net is used by instances of node group vtap_group (inst1: nic0/192.0.2.2); remove or modify those NICs first");
        var user = Assert.Single(state.UsersOf(network));
        Assert.Equal("inst1", user.Instance);
        Assert.Equal([(0, "192.0.2.2")], user.Nics);

        InstanceOperations.Remove(state, "inst1");
        Assert.Equal("XX............XX", state.PoolOf(network).Map());
        Assert.False(state.IsMacInUse(instance.Nics[0].Mac));
        Assert.Equal("192.0.2.2", Scenario.AddInstance(state, "inst2", "0:network=vtap-net,ip=pool").Nics[0].Ip);
        InstanceOperations.Remove(state, "inst2");

        NetworkOperations.Disconnect(state, "vtap-net", "vtap_group");
        Assert.Empty(group.Networks);
        Assert.Equal(3, group.Serial);
        NetworkOperations.Remove(state, "vtap-net");
        Assert.Empty(state.Config.Networks);
    }

    [Fact]
    public void A_fresh_state_over_the_same_config_sees_the_same_pool()
    {
        var state = Scenario.Seed();
        Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=pool");
        var again = ClusterState.Of(state.Config);
        Assert.Equal("XXX...........XX", again.PoolOf(again.GetNetwork("vtap-net")).Map());
        Assert.True(again.IsMacInUse(state.GetInstance("inst1").Nics[0].Mac));
        Assert.Equal("192.0.2.3", InstanceOperations.Add(again, Scenario.Instance("inst2", "0:network=vtap-net,ip=pool")).Nics[0].Ip);
    }

    [Fact]
    public void Connections_resolve_with_the_cluster_defaults()
    {
        var state = Scenario.Seed();
        var connection = Assert.Single(state.ConnectionsOf(state.GetNetwork("vtap-net")));
        Assert.Equal("vtap_group", connection.Group.Name);
        Assert.Equal(new EffectiveNicParams(NicMode.Macvtap, "eth0", null, MvtapMode.Bridge, false, false, true, false), connection.Effective);
    }
}
