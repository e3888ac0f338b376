using System.Diagnostics;
using System.Net;
using Tapyard.Core.Model;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Linux.Processes;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Qemu;

[Trait("Category", "Kernel")]
public sealed class GuestCrashTests(ITestOutputHelper output)
{
    [Fact]
    public void Kill_9_then_start_sweeps_and_boots_a_guest_that_pings_then_stop_leaves_no_device()
    {
        using var world = new DriverWorld("drvkill", new LabGuestBoot());
        world.AddInstance("g2");
        var nic = world.NicOf("g2");
        world.Driver.Start("g2");
        var first = world.Driver.ProcessOf("g2")!;

        first.Identity.Signal(LinuxSignal.Kill);
        Assert.True(first.Identity.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(InstanceState.Error, world.Driver.Status(world.Instance("g2")).State);

        var clock = Stopwatch.StartNew();
        world.Driver.Start("g2");
        Assert.Single(world.Macvtaps(), l => l.GetProperty("address").GetString() == nic.Mac);
        Assert.Single(world.Macvtaps());
        using (var console = world.Console("g2"))
        {
            console.WaitForReady(BootedInstance.BootTimeout);
            double ready = clock.Elapsed.TotalSeconds;
            var ping = console.Ping(IPAddress.Parse(DriverWorld.Outside), count: 2);
            Assert.True(ping.Received > 0, $"the rebooted guest got no answer from the outside host: {ping}");
            output.WriteLine($"second start to ready {ready:0.00} s, to ping {clock.Elapsed.TotalSeconds:0.00} s");
        }
        Assert.Equal(InstanceState.Running, world.Driver.Status(world.Instance("g2")).State);

        world.Driver.Stop("g2");

        Assert.Empty(world.Macvtaps());
        Assert.Equal(InstanceState.Stopped, world.Instance("g2").State);
        Assert.Null(world.Driver.ProcessOf("g2"));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(world.RunDirectory, "nics", DriverWorld.NodeName)), f => f.EndsWith(".json"));
    }
}
