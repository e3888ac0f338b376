using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

/// <summary>The node side of NIC hot-plug: PlugMore adds next to the running instance's devices, UnplugNic removes one.</summary>
[Trait("Category", "Kernel")]
public sealed class HotplugNodeTests
{
    [Fact]
    public void PlugMore_keeps_the_instances_devices_and_UnplugNic_removes_only_that_nic()
    {
        using var lab = NodeLab.Create("hotplug");
        var instance = NodeLab.Instance("web1");
        using var nics = lab.OpenNics();
        var first = NodeLab.Nic(0, "52:54:00:00:12:01");
        var second = NodeLab.Nic(1, "52:54:00:00:12:02");
        using var running = nics.Plug(instance, [first]);

        using var added = nics.PlugMore(instance, [second]);

        var macs = lab.Macvtaps().Select(l => l.GetProperty("address").GetString()).Order().ToList();
        Assert.Equal(["52:54:00:00:12:01", "52:54:00:00:12:02"], macs);
        Assert.Equal(2, nics.Records.ReadAll().Count(r => r.Instance == "web1"));

        added.Dispose();
        var result = nics.UnplugNic("web1", second.Uuid);
        Assert.Equal([added.Nics[0].Device], result.DevicesRemoved);
        var left = Assert.Single(lab.Macvtaps());
        Assert.Equal("52:54:00:00:12:01", left.GetProperty("address").GetString());
        Assert.Equal([running.Nics[0].Device], nics.Records.ReadAll().Select(r => r.Device));
        Assert.Same(SweepResult.Nothing, nics.UnplugNic("web1", second.Uuid)); // nothing recorded: nothing done
        nics.Unplug(running);
    }
}
