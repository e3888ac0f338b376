using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>Lookups, and a config edited by hand: ClusterState takes it as it is and never loses a reservation.</summary>
public sealed class ClusterStateTests
{
    [Fact]
    public void Lookups_name_the_kind_of_object_missing()
    {
        var state = Scenario.Seed();
        Assert.Equal("network 'x' does not exist", Assert.Throws<UnknownObjectException>(() => state.GetNetwork("x")).Message);
        Assert.Equal("node group 'x' does not exist", Assert.Throws<UnknownObjectException>(() => state.GetGroup("x")).Message);
        Assert.Equal("node 'x' does not exist", Assert.Throws<UnknownObjectException>(() => state.GetNode("x")).Message);
        Assert.Equal("instance 'x' does not exist", Assert.Throws<UnknownObjectException>(() => state.GetInstance("x")).Message);
    }

    [Fact]
    public void A_hand_edited_config_loads_and_keeps_what_is_reserved()
    {
        var state = Scenario.Seed();
        var network = state.GetNetwork("vtap-net");
        var instance = Scenario.AddInstance(state, "inst1", "0:network=vtap-net,ip=192.0.2.5");
        var twin = Scenario.AddInstance(state, "twin", "0:");
        // By hand: .5 also externally reserved, junk in the list, the twin's MAC equal to inst1's,
        // and a NIC parameter that no longer fits its inherited mode.
        network.ExternalReservations.AddRange(["192.0.2.5", "not-an-ip", "10.0.0.1", "192.0.2.0"]);
        twin.Nics[0].Mac = instance.Nics[0].Mac;
        twin.Nics[0].Params = new NicParams { MvtapMode = MvtapMode.Vepa };

        var fresh = ClusterState.Of(state.Config);
        var pool = fresh.PoolOf(fresh.GetNetwork("vtap-net"));
        Assert.Equal("XX...X........XX", pool.Map());
        Assert.Equal(MvtapMode.Vepa, fresh.NicsOf(fresh.GetInstance("twin")).Single().MvtapMode);

        InstanceOperations.Remove(fresh, "inst1");
        Assert.True(pool.IsReserved(5));                 // still externally reserved
        Assert.True(fresh.IsMacInUse(instance.Nics[0].Mac));   // the twin still has it
        InstanceOperations.Remove(fresh, "twin");
        Assert.False(fresh.IsMacInUse(instance.Nics[0].Mac));
    }
}
