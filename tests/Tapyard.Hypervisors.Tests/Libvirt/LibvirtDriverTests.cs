using System.Diagnostics;
using System.Net;
using Tapyard.Core.Model;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Lab.Guest;
using Tapyard.Node;
using Tapyard.Node.Verify;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>
/// The libvirt driver against a real libvirtd of the test's own, running in the lab node's namespace:
/// Tapyard plugs the macvtap (prepared device), libvirt runs the QEMU.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class LibvirtDriverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Guest_through_libvirt_pings_the_outside_host_and_answers_and_stop_leaves_nothing()
    {
        using var world = new LibvirtWorld("lvguest", new LabGuestBoot());
        world.World.AddInstance("g1", vcpus: 2);
        var nic = world.World.NicOf("g1");

        var clock = Stopwatch.StartNew();
        world.Driver.Start("g1");
        double started = clock.Elapsed.TotalSeconds;
        using (var console = GuestConsole.Connect(world.Driver.PathsOf("g1").ConsoleSocket, world.Driver.PathsOf("g1").ConsoleLog, TimeSpan.FromSeconds(30)))
        {
            console.WaitForReady(BootTimeout);
            double ready = clock.Elapsed.TotalSeconds;
            var ping = console.Ping(IPAddress.Parse(DriverWorld.Outside), count: 3);
            Assert.True(ping.Received > 0, $"the guest got no answer from {DriverWorld.Outside}: {ping}");
            Assert.Null(world.World.OutsidePingFails(nic.Ip!));
            output.WriteLine($"libvirt: start returned after {started:0.00} s, guest ready after {ready:0.00} s, pings both ways after {clock.Elapsed.TotalSeconds:0.00} s");

            // Two vCPUs: libvirt opened two queues on Tapyard's macvtap.
            var guestNic = Assert.Single(console.Interfaces(), i => i.Mac == nic.Mac);
            Assert.Equal(2, guestNic.RxQueues);
        }

        Assert.Equal(InstanceState.Running, world.World.Instance("g1").State);
        Assert.Equal(InstanceState.Running, world.Driver.Status(world.World.Instance("g1")).State);
        int qemu = world.QemuPid("g1") ?? throw new Xunit.Sdk.XunitException("libvirt wrote no pid file for g1's QEMU");
        string? nodeNs = world.World.Node.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        Assert.Equal(nodeNs, new FileInfo($"/proc/{qemu}/ns/net").LinkTarget);
        var vtap = Assert.Single(world.World.Macvtaps());
        Assert.Equal(nic.Mac, vtap.GetProperty("address").GetString());
        Assert.StartsWith(NodeNics.MacvtapPrefix, vtap.GetProperty("ifname").GetString());
        Assert.Equal([world.World.Instance("g1").Uuid.ToString("D")], world.Domains());
        // The device is Tapyard's and recorded: node verify finds nothing to say.
        using (var nodeNics = NodeNics.Open(ConfigNode(world), world.World.RunDirectory))
        {
            Assert.Single(nodeNics.Records.ReadAll());
            var verify = nodeNics.Verify([new ConnectedLink(DriverWorld.NetworkName, DriverWorld.Uplink)], fix: false);
            Assert.True(verify.Clean, string.Join("; ", verify.Findings));
        }

        world.Driver.Stop("g1");

        Assert.Equal(InstanceState.Stopped, world.World.Instance("g1").State);
        Assert.Empty(world.World.Macvtaps());
        Assert.Empty(world.Domains());
        Assert.False(Process.GetProcesses().Any(p => p.Id == qemu), $"g1's QEMU (pid {qemu}) still runs after stop");
        using (var nodeNics = NodeNics.Open(ConfigNode(world), world.World.RunDirectory))
            Assert.Empty(nodeNics.Records.ReadAll());
        Assert.Equal(InstanceState.Stopped, world.Driver.Status(world.World.Instance("g1")).State);
    }

    [Fact]
    public void One_vcpu_domains_open_their_prepared_bridged_and_routed_taps_through_libvirt()
    {
        // libvirt opens a prepared tap by name, with IFF_MULTI_QUEUE only for more than one queue, and the
        // kernel refuses a single-queue open of a multi-queue tap: a one-vCPU guest's tap must be single-queue.
        using var world = new LibvirtWorld("lvtap1");
        string node = world.World.Node.Name;
        Ip.Run("-n", node, "link", "add", "brl", "type", "bridge");
        Ip.Run("-n", node, "link", "set", "brl", "up");
        world.World.AddNetwork("tbr", "10.5.0.0/24", "10.5.0.1", "mode=bridged,link=brl,vlan=20");
        world.World.AddNetwork("trt", "10.6.0.0/24", "10.6.0.1", "mode=routed,link=100");
        world.World.AddInstance("t1", 1, "0:network=tbr,ip=10.5.0.10", "1:network=trt,ip=10.6.0.10");

        world.Driver.Start("t1");
        try
        {
            Assert.Equal(InstanceState.Running, world.Driver.Status(world.World.Instance("t1")).State);
            foreach (var nic in world.World.NicsOf("t1"))
            {
                var record = Assert.Single(new NicRecords(world.World.RunDirectory, DriverWorld.NodeName).ReadAll(), r => r.NicIndex == nic.Index);
                var tap = Ip.Link(node, record.Device);
                Assert.False(tap.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean(), $"{record.Device} is multi-queue");
                Assert.Contains("UP", tap.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            }
        }
        finally
        {
            world.Driver.Stop("t1");
        }
        Assert.Empty(new NicRecords(world.World.RunDirectory, DriverWorld.NodeName).ReadAll());
    }

    [Fact]
    public void Firmware_only_domain_starts_stops_reboots_and_status_follows_libvirt()
    {
        using var world = new LibvirtWorld("lvlife");
        world.World.AddInstance("fw1");

        world.Driver.Start("fw1");
        // The domain as given to libvirt (kept beside the console for an operator) is valid libvirt XML.
        VirtXmlValidate.AssertValidDomain(File.ReadAllText(Path.Combine(world.Driver.PathsOf("fw1").Directory, LibvirtDriver.DomainFile)));
        var error = Assert.Throws<HypervisorException>(() => world.Driver.Start("fw1"));
        Assert.Equal($"instance fw1 is already running (libvirt domain {world.World.Instance("fw1").Uuid:D} is running); stop it first", error.Message);
        world.Driver.Reboot("fw1");
        Assert.Equal(InstanceState.Running, world.Driver.Status(world.World.Instance("fw1")).State);
        Assert.Contains("UP", Assert.Single(world.World.Macvtaps()).GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        // The domain destroyed behind Tapyard's back: status says so, and changes nothing.
        new Virsh(world.Daemon.Uri).Check("destroy", ["destroy", world.World.Instance("fw1").Uuid.ToString("D")]);
        var status = world.Driver.Status(world.World.Instance("fw1"));
        Assert.Equal(new HypervisorStatus(InstanceState.Error, null, "its libvirt domain is gone"), status);
        Assert.Single(world.World.Macvtaps());

        // Start again after that: the left devices are swept, a new domain runs.
        world.Driver.Stop("fw1");
        Assert.Empty(world.World.Macvtaps());
        world.Driver.Start("fw1");
        Assert.Single(world.Domains());
        world.Driver.Stop("fw1");
        Assert.Empty(world.Domains());
        Assert.Empty(world.World.Macvtaps());
        var notRunning = Assert.Throws<HypervisorException>(() => world.Driver.Reboot("fw1"));
        Assert.Equal("instance fw1 is not running; start it instead", notRunning.Message);
    }

    [Fact]
    public void Bandwidth_limits_are_on_the_device_after_libvirt_started_the_domain_and_gone_after_stop()
    {
        // libvirt 9.0 replaces a managed='no' device's root qdisc with noqueue when it creates the domain:
        // the driver shapes the device again after `virsh create`.
        using var world = new LibvirtWorld("lvbw");
        world.World.AddInstance("bw1", 1, "0:network=net,ip=pool,bw_in=1000,bw_out=500");

        world.Driver.Start("bw1");

        string ns = world.World.Node.Name;
        string device = Assert.Single(world.World.Macvtaps()).GetProperty("ifname").GetString()!;
        Assert.Matches(@"qdisc htb 1: root", Ip.RunProgram("tc", "-n", ns, "qdisc", "show", "dev", device));
        Assert.Matches(@"class htb 1:1 root .*rate 4Mbit", Ip.RunProgram("tc", "-n", ns, "class", "show", "dev", device));   // bw_out 500 kB/s: what the guest sends
        Assert.Matches(@"class htb 1:1 root .*rate 8Mbit", Ip.RunProgram("tc", "-n", ns, "class", "show", "dev", $"ifb{device}")); // bw_in 1000 kB/s

        world.Driver.Stop("bw1");

        Assert.False(Ip.LinkExists(ns, $"ifb{device}"));
    }

    /// <summary>
    /// A bridged tap's bw_out goes through the ifb by its anti-spoofing chain (nft fwd, which names the
    /// ifb by ifindex), its bw_in is the tap's root HTB, which libvirt swaps for noqueue when it creates
    /// the domain: after `virsh create` the driver puts the root HTB back, and the chain still forwards
    /// to the same, live ifb (a stale ifindex would list as a number, and drop every frame).
    /// </summary>
    [Fact]
    public void A_shaped_bridged_tap_forwards_to_its_current_ifb_after_libvirt_started_the_domain()
    {
        using var world = new LibvirtWorld("lvbwtap");
        string ns = world.World.Node.Name;
        Ip.Run("-n", ns, "link", "add", "brl", "type", "bridge");
        Ip.Run("-n", ns, "link", "set", "brl", "up");
        world.World.AddNetwork("tbr", "10.5.0.0/24", "10.5.0.1", "mode=bridged,link=brl");
        world.World.AddInstance("bw2", 1, "0:network=tbr,ip=10.5.0.10,bw_in=1000,bw_out=500");

        world.Driver.Start("bw2");
        try
        {
            var record = Assert.Single(new NicRecords(world.World.RunDirectory, DriverWorld.NodeName).ReadAll());
            string table = Ip.RunProgram("ip", "netns", "exec", ns, "nft", "list", "table", "netdev", record.SpoofTable!);
            Assert.Contains($"fwd to \"{record.Ifb}\"", table);
            Assert.Matches(@"class htb 1:1 root .*rate 4Mbit", Ip.RunProgram("tc", "-n", ns, "class", "show", "dev", record.Ifb!));
            Assert.DoesNotContain("mirred", Ip.RunProgram("tc", "-n", ns, "filter", "show", "dev", record.Device, "ingress"));
            Assert.Matches(@"class htb 1:1 root .*rate 8Mbit", Ip.RunProgram("tc", "-n", ns, "class", "show", "dev", record.Device));
        }
        finally
        {
            world.Driver.Stop("bw2");
        }
        Assert.Empty(new NicRecords(world.World.RunDirectory, DriverWorld.NodeName).ReadAll());
    }

    [Fact]
    public void Start_without_a_libvirtd_fails_in_one_line_and_plugs_nothing()
    {
        using var world = new DriverWorld("lvnone");
        world.AddInstance("x1");
        string socket = Path.Combine(world.RunDirectory, "no-libvirt-sock");
        var driver = new LibvirtDriver(world.Store, new LibvirtDriverOptions { Uri = $"qemu+unix:///system?socket={socket}", RuntimeDirectory = world.RunDirectory });

        var error = Assert.Throws<HypervisorException>(() => driver.Start("x1"));

        Assert.StartsWith($"cannot start instance x1: libvirt (qemu+unix:///system?socket={socket}) for node n1 does not answer: ", error.Message);
        Assert.EndsWith($"start the node's libvirtd or set {LibvirtDriverOptions.UriVariable}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(world.Macvtaps());
        Assert.Equal(InstanceState.Stopped, world.Instance("x1").State);
    }

    private static Core.Model.Node ConfigNode(LibvirtWorld world) =>
        Core.Store.ConfigTransaction.Read(world.World.Store).GetNode(DriverWorld.NodeName);
}
