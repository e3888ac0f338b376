using System.Diagnostics;
using Tapyard.Core.Operations;
using Xunit.Abstractions;

namespace Tapyard.Core.Tests.Operations;

/// <summary>
/// Instance add on a big config costs no scan of the instances: the benchmark's 10,000 instances on
/// a /16, then adds timed against a fresh state over that config.
/// </summary>
public sealed class InstanceAddScalingTests(ITestOutputHelper output)
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

    [Fact]
    public void An_add_on_ten_thousand_instances_takes_microseconds_not_a_scan()
    {
        var config = TenThousand().Config;
        var state = ClusterState.Of(config);
        var nic = NicRequestParser.Parse("0:network=big16,ip=pool");
        InstanceOperations.Add(state, new InstanceAddRequest { Name = "warm", Node = "n1", Nics = [nic] });   // builds the pool once

        var clock = Stopwatch.StartNew();
        const int adds = 2000;
        for (int i = 0; i < adds; i++)
            InstanceOperations.Add(state, new InstanceAddRequest { Name = $"more{i}", Node = "n1", Nics = [nic] });
        double perAddMicroseconds = clock.Elapsed.TotalMicroseconds / adds;

        output.WriteLine($"instance add on 10,000 instances: {perAddMicroseconds:F1} µs on average");
        // A scan of 10,000 instances per add would cost hundreds of microseconds; a debug build on a
        // loaded 2-core test machine does an indexed add in a few.
        Assert.True(perAddMicroseconds < 100, $"instance add took {perAddMicroseconds:F1} µs on average");
    }
}
