using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Linux.Processes;

namespace Tapyard.Hypervisors.Tests.Qemu;

/// <summary>
/// The driver's mechanics with firmware-only QEMUs (no guest kernel: a start is about a second, so
/// these tests need no shared boot): namespaces, devices, records, state, and every refused case.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class DriverLifecycleTests
{
    [Fact]
    public void Start_runs_qemu_in_the_node_namespace_with_the_nic_up_and_stop_leaves_nothing()
    {
        using var world = new DriverWorld("drvlife");
        world.AddInstance("fw1");
        var mac = world.NicOf("fw1").Mac;

        world.Driver.Start("fw1");

        Assert.Equal(InstanceState.Running, world.Instance("fw1").State);
        var status = world.Driver.Status(world.Instance("fw1"));
        Assert.Equal(InstanceState.Running, status.State);
        var qemu = world.Driver.ProcessOf("fw1");
        Assert.NotNull(qemu);
        Assert.Equal(status.Pid, qemu.Pid);
        string? nodeNs = world.Node.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        Assert.Equal(nodeNs, new FileInfo($"/proc/{qemu.Pid}/ns/net").LinkTarget);
        var vtap = Assert.Single(world.Macvtaps());
        Assert.Equal(mac, vtap.GetProperty("address").GetString());
        Assert.Contains("UP", vtap.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        // QEMU holds the queue: the macvtap's char device is open in QEMU and the queue fd is not leaked to us.
        using (var qmp = qemu.ConnectQmp())
        {
            Assert.Equal("running", qmp.Execute("query-status").GetProperty("status").GetString());
            var netdev = qmp.Execute("human-monitor-command", new() { ["command-line"] = "info network" }).GetString();
            Assert.Contains("net0", netdev);
            Assert.Contains(mac, netdev);
        }
        // One queue (1 vCPU) at fd 3; no vhost: /dev/vhost-net does not exist on this machine (PLATFORM.md).
        var cmdline = File.ReadAllText($"/proc/{qemu.Pid}/cmdline").Split('\0');
        Assert.Contains("tap,id=net0,fd=3", cmdline);
        Assert.Equal(File.Exists("/dev/vhost-net"), cmdline.Any(a => a.Contains("vhost=on", StringComparison.Ordinal)));
        // QEMU holds the macvtap's queue; our copy was closed after the spawn (ifindexes are unique across namespaces,
        // so another test's queue in this process never has this name).
        string queueDevice = $"/tap{vtap.GetProperty("ifindex").GetInt32()}";
        Assert.Contains(FdTargets(qemu.Pid), t => t.EndsWith(queueDevice, StringComparison.Ordinal));
        Assert.DoesNotContain(FdTargets(Environment.ProcessId), t => t.EndsWith(queueDevice, StringComparison.Ordinal));
        var paths = world.Driver.PathsOf("fw1");
        Assert.True(File.Exists(paths.ProcessFile) && File.Exists(paths.QmpSocket) && File.Exists(paths.ConsoleSocket));

        world.Driver.Stop("fw1");

        Assert.False(qemu.IsAlive);
        Assert.Empty(world.Macvtaps());
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(world.RunDirectory, "nics", DriverWorld.NodeName)), f => f.EndsWith(".json"));
        Assert.False(File.Exists(paths.ProcessFile) || File.Exists(paths.QmpSocket) || File.Exists(paths.PidFile));
        Assert.Equal(InstanceState.Stopped, world.Instance("fw1").State);
        Assert.Equal(InstanceState.Stopped, world.Driver.Status(world.Instance("fw1")).State);
    }

    [Fact]
    public void Killed_qemu_shows_error_and_the_next_start_sweeps_and_runs_again_with_one_device_per_mac()
    {
        using var world = new DriverWorld("drvcrash");
        world.AddInstance("fw2");
        var mac = world.NicOf("fw2").Mac;
        world.Driver.Start("fw2");
        var first = world.Driver.ProcessOf("fw2")!;

        Assert.True(first.Identity.Signal(LinuxSignal.Kill));
        Assert.True(first.Identity.WaitForExit(TimeSpan.FromSeconds(10)));

        var status = world.Driver.Status(world.Instance("fw2"));
        Assert.Equal(InstanceState.Error, status.State);
        Assert.Contains($"pid {first.Pid}", status.Reason);
        Assert.Single(world.Macvtaps()); // the dead QEMU's device is still there until the next start

        world.Driver.Start("fw2");

        var second = world.Driver.ProcessOf("fw2")!;
        Assert.NotEqual(first.Identity, second.Identity);
        var vtap = Assert.Single(world.Macvtaps(), l => l.GetProperty("address").GetString() == mac);
        Assert.Single(world.Macvtaps());
        Assert.Equal(InstanceState.Running, world.Driver.Status(world.Instance("fw2")).State);
        world.Driver.Stop("fw2");
        Assert.Empty(world.Macvtaps());
    }

    [Fact]
    public void Start_of_a_running_instance_is_refused_and_changes_nothing()
    {
        using var world = new DriverWorld("drvtwice");
        world.AddInstance("fw3");
        world.Driver.Start("fw3");
        var qemu = world.Driver.ProcessOf("fw3")!;

        var e = Assert.Throws<HypervisorException>(() => world.Driver.Start("fw3"));

        Assert.Equal($"instance fw3 is already running (QEMU pid {qemu.Pid}); stop it first", e.Message);
        Assert.True(qemu.IsAlive);
        Assert.Single(world.Macvtaps());
        world.Driver.Stop("fw3");
    }

    [Fact]
    public void A_missing_lower_device_fails_the_start_and_leaves_nothing()
    {
        using var world = new DriverWorld("drvnolink");
        world.AddInstance("fw4", 1, "0:mode=macvtap,link=eth9,mvtap_mode=bridge");

        var e = Assert.Throws<Tapyard.Node.NicPlugException>(() => world.Driver.Start("fw4"));

        Assert.Contains("lower device eth9 does not exist on node n1", e.Message);
        Assert.Empty(world.Macvtaps());
        Assert.Null(world.Driver.ProcessOf("fw4"));
        Assert.Equal(InstanceState.Stopped, world.Instance("fw4").State);
    }

    [Fact]
    public void A_missing_qemu_fails_the_start_and_removes_the_plugged_nics()
    {
        using var world = new DriverWorld("drvnoqemu", binary: "no-such-qemu-ty");
        world.AddInstance("fw5");

        var e = Assert.Throws<HypervisorException>(() => world.Driver.Start("fw5"));

        Assert.Equal("cannot start instance fw5: no-such-qemu-ty is not installed; install the qemu-system-x86 package; "
            + "the QEMU and NICs of this start were removed", e.Message);
        Assert.Empty(world.Macvtaps());
        Assert.Equal(InstanceState.Stopped, world.Instance("fw5").State);
    }

    [Fact]
    public void Qemu_refusing_its_arguments_fails_the_start_with_its_message()
    {
        // 1 TiB of guest memory: QEMU refuses at start-up (cannot allocate), after the NICs were plugged.
        using var world = new DriverWorld("drvbadarg");
        world.AddInstance("fw6");
        ConfigTransaction.Update(world.Store, c => { c.Instances["fw6"].MemoryMiB = 64 * 1024 * 1024; });

        var e = Assert.Throws<HypervisorException>(() => world.Driver.Start("fw6"));

        Assert.StartsWith("cannot start instance fw6: QEMU ended with exit code 1: ", e.Message);
        Assert.EndsWith("the QEMU and NICs of this start were removed", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(world.Macvtaps());
        Assert.Equal(InstanceState.Stopped, world.Instance("fw6").State);
    }

    [Fact]
    public void Reboot_needs_a_running_instance_and_stop_of_a_stopped_one_is_harmless()
    {
        using var world = new DriverWorld("drvreboot");
        world.AddInstance("fw7");

        var e = Assert.Throws<HypervisorException>(() => world.Driver.Reboot("fw7"));
        Assert.Equal("instance fw7 is not running; start it instead", e.Message);
        world.Driver.Stop("fw7");
        Assert.Equal(InstanceState.Stopped, world.Instance("fw7").State);

        world.Driver.Start("fw7");
        var qemu = world.Driver.ProcessOf("fw7")!;
        world.Driver.Reboot("fw7");
        Assert.True(qemu.IsAlive);
        Assert.Single(world.Macvtaps());
        world.Driver.Stop("fw7");
    }

    [Fact]
    public void A_qemu_that_does_not_answer_quit_is_terminated_then_killed()
    {
        using var world = new DriverWorld("drvhung");
        world.AddInstance("fw8");
        world.Driver.Start("fw8");
        var qemu = world.Driver.ProcessOf("fw8")!;
        // A stopped process reads no QMP and leaves SIGTERM pending: only SIGKILL ends it.
        Assert.True(qemu.Identity.Signal(LinuxSignal.Stop));

        var method = qemu.Shutdown(TimeSpan.FromSeconds(1));

        Assert.Equal(QemuStopMethod.Killed, method);
        Assert.False(qemu.IsAlive);
        world.Driver.Stop("fw8");
        Assert.Empty(world.Macvtaps());
    }

    [Fact]
    public void An_instance_without_nics_starts_and_stops()
    {
        using var world = new DriverWorld("drvnonic");
        ConfigTransaction.Run(world.Store, s => Tapyard.Core.Operations.InstanceOperations.Add(s,
            new Tapyard.Core.Operations.InstanceAddRequest { Name = "fw9", Node = DriverWorld.NodeName }));

        world.Driver.Start("fw9");

        var qemu = world.Driver.ProcessOf("fw9")!;
        Assert.DoesNotContain(File.ReadAllText($"/proc/{qemu.Pid}/cmdline").Split('\0'), a => a == "-netdev");
        world.Driver.Stop("fw9");
        Assert.False(qemu.IsAlive);
    }

    private static List<string> FdTargets(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").GetFileSystemInfos().Select(f => f.LinkTarget ?? "").ToList();

    [Fact]
    public void Unknown_instance_is_one_clear_error()
    {
        using var world = new DriverWorld("drvunknown");
        var e = Assert.Throws<UnknownObjectException>(() => world.Driver.Start("nope"));
        Assert.Equal("instance 'nope' does not exist", e.Message);
    }
}
