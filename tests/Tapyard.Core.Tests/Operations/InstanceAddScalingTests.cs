using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>
/// The benchmark's 10,000 instances on a /16 stay correct (the speed of an add at that size is
/// measured by `tapyard bench config`, not by a timed test: timings on a shared machine are noise).
/// </summary>
public sealed class InstanceAddScalingTests
{
    private static ClusterState TenThousand()
    {
        var state = Scenario.Seed();
        NetworkOperations.Add(state, new NetworkAddRequest { Name = "big16", Network = "10.20.0.0/16", Gateway = "10.20.0.1" });
        NetworkOperations.Connect(state, "big16", "vtap_group", NicParamsParser.Parse("mode=macvtap,link=eth0"), checkConflicts: true);
        var nic = NicRequestParser.Parse("0:network=big16,ip=pool");
        for (int i = 0; i < 10_000; i++)
            InstanceOperations.Add(state, new InstanceAddRequest { Name = $"inst{i}", Node = "n1", Nics = [nic] });
        return state;
    }

    [Fact]
    public void Ten_thousand_instances_get_distinct_addresses_and_macs()
    {
        var state = TenThousand();
        var nics = state.Config.Instances.Values.Select(i => i.Nics[0]).ToList();
        Assert.Equal(10_000, nics.Select(n => n.Ip).Distinct().Count());
        Assert.Equal(10_000, nics.Select(n => n.Mac).Distinct().Count());
        Assert.Equal(65536 - 3 - 10_000, state.PoolOf(state.GetNetwork("big16")).FreeCount);
        Assert.Equal("10.20.39.17", state.GetInstance("inst9999").Nics[0].Ip);
    }
}
