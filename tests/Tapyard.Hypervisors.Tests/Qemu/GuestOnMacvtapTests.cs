using System.Diagnostics;
using System.Net;
using Tapyard.Core.Model;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Lab.Guest;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Qemu;

/// <summary>A real guest started by the driver on a 2-queue macvtap in bridge mode (one boot shared by the class).</summary>
[Trait("Category", "Kernel")]
public sealed class GuestOnMacvtapTests(BootedInstance guest, ITestOutputHelper output) : IClassFixture<BootedInstance>
{
    [Fact]
    public void Guest_pings_the_outside_host_and_answers_its_ping()
    {
        var clock = Stopwatch.StartNew();
        var ping = guest.Console.Ping(IPAddress.Parse(DriverWorld.Outside), count: 3);
        Assert.True(ping.Received > 0, $"the guest got no answer from {DriverWorld.Outside}: {ping}");
        Assert.Null(guest.World.OutsidePingFails(guest.Nic.Ip!));
        output.WriteLine($"start returned after {guest.StartSeconds:0.00} s, guest ready after {guest.ReadySeconds:0.00} s, pings both ways {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public void Guest_has_its_cluster_address_on_the_nic_with_the_macvtap_mac()
    {
        var nic = Assert.Single(guest.Console.Interfaces(), i => i.Mac == guest.Nic.Mac);
        Assert.Equal("up", nic.OperState);
        Assert.Contains($"{guest.Nic.Ip}/24", nic.Ipv4);
        var vtap = Assert.Single(guest.World.Macvtaps());
        Assert.Equal(guest.Nic.Mac, vtap.GetProperty("address").GetString());
    }

    [Fact]
    public void Two_vcpu_guest_on_a_two_queue_macvtap_sees_two_queue_pairs()
    {
        var nic = Assert.Single(guest.Console.Interfaces(), i => i.Mac == guest.Nic.Mac);
        Assert.Equal(2, nic.RxQueues);
        Assert.Equal(2, nic.TxQueues);
        var queues = guest.Console.Run($"ls /sys/class/net/{nic.Name}/queues", TimeSpan.FromSeconds(20));
        Assert.Equal(["rx-0", "rx-1", "tx-0", "tx-1"], queues.Output.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Order());
        var vtap = Assert.Single(guest.World.Macvtaps());
        Assert.Equal(2, vtap.GetProperty("num_tx_queues").GetInt32());
    }

    [Fact]
    public void Status_is_running_with_the_qemu_pid()
    {
        var status = guest.World.Driver.Status(guest.World.Instance(BootedInstance.Name));
        Assert.Equal(InstanceState.Running, status.State);
        Assert.Equal(guest.World.Driver.ProcessOf(BootedInstance.Name)!.Pid, status.Pid);
        Assert.Contains(GuestInit.ReadyLine, File.ReadAllText(guest.World.Driver.PathsOf(BootedInstance.Name).ConsoleLog));
    }
}
