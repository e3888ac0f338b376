using Tapyard.Hypervisors.Qemu;

namespace Tapyard.Hypervisors.Tests.Qemu;

public sealed class QemuCommandLineTests
{
    private static readonly QemuRuntimePaths Paths = new("/run/ty/instances/web1");

    private static QemuMachine Machine(string accelerator = "tcg", GuestBoot? boot = null) => new()
    {
        Name = "web1", Uuid = Guid.Parse("6f1c1b1e-1a2b-4c3d-8e9f-000000000001"),
        Accelerator = new QemuAccelerator(accelerator, "test"), Vcpus = 2, MemoryMiB = 384, Boot = boot,
    };

    [Fact]
    public void Paused_daemonized_machine_with_console_and_qmp()
    {
        var args = QemuCommandLine.Build(Machine(), Paths, []);
        Assert.Equal(
        [
            "-name", "guest=web1,debug-threads=on", "-uuid", "6f1c1b1e-1a2b-4c3d-8e9f-000000000001",
            "-machine", "q35", "-accel", "tcg", "-cpu", "max", "-smp", "2", "-m", "384",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-chardev", "socket,id=console,path=/run/ty/instances/web1/console.sock,server=on,wait=off,logfile=/run/ty/instances/web1/console.log,logappend=on",
            "-serial", "chardev:console",
            "-qmp", "unix:/run/ty/instances/web1/qmp.sock,server=on,wait=off",
            .. Enumerable.Range(0, QemuCommandLine.MinPorts).SelectMany(p => new[] { "-device", $"pcie-root-port,id=rp{p},chassis={p + 1}" }),
            "-S", "-daemonize", "-pidfile", "/run/ty/instances/web1/qemu.pid",
        ], args);
    }

    [Fact]
    public void Kvm_uses_the_host_cpu()
    {
        var args = QemuCommandLine.Build(Machine("kvm"), Paths, []).ToList();
        Assert.Equal("kvm", args[args.IndexOf("-accel") + 1]);
        Assert.Equal("host", args[args.IndexOf("-cpu") + 1]);
    }

    [Fact]
    public void Direct_kernel_boot()
    {
        var args = QemuCommandLine.Build(Machine(boot: new GuestBoot("/c/vmlinuz", "/c/initrd", "console=ttyS0 ty.nic0=aa:00:00:00:00:01")), Paths, [])
            .ToList();
        Assert.Equal("/c/vmlinuz", args[args.IndexOf("-kernel") + 1]);
        Assert.Equal("/c/initrd", args[args.IndexOf("-initrd") + 1]);
        Assert.Equal("console=ttyS0 ty.nic0=aa:00:00:00:00:01", args[args.IndexOf("-append") + 1]);
        Assert.DoesNotContain("-initrd", QemuCommandLine.Build(Machine(boot: new GuestBoot("/k", null, null)), Paths, []));
    }

    [Fact]
    public void Single_queue_nic_uses_fd()
    {
        var nic = new QemuNic(0, "aa:00:00:12:34:56", [3], []);
        Assert.Equal(["-netdev", "tap,id=net0,fd=3", "-device", "virtio-net-pci,netdev=net0,id=nic0,mac=aa:00:00:12:34:56,bus=rp0"], QemuCommandLine.Nic(nic));
    }

    [Fact]
    public void Multi_queue_nic_uses_fds_with_mq_and_2q_plus_2_vectors()
    {
        var nic = new QemuNic(1, "aa:00:00:12:34:57", [5, 6, 7], []);
        Assert.Equal(["-netdev", "tap,id=net1,fds=5:6:7", "-device", "virtio-net-pci,netdev=net1,id=nic1,mac=aa:00:00:12:34:57,bus=rp1,mq=on,vectors=8"],
            QemuCommandLine.Nic(nic));
    }

    [Fact]
    public void Vhost_only_with_vhost_fds()
    {
        Assert.Equal("tap,id=net0,fd=3,vhost=on,vhostfd=4", QemuCommandLine.Nic(new QemuNic(0, "aa:00:00:00:00:01", [3], [4]))[1]);
        Assert.Equal("tap,id=net0,fds=3:4,vhost=on,vhostfds=5:6", QemuCommandLine.Nic(new QemuNic(0, "aa:00:00:00:00:01", [3, 4], [5, 6]))[1]);
        Assert.Throws<ArgumentException>(() => QemuCommandLine.Nic(new QemuNic(0, "aa:00:00:00:00:01", [3, 4], [5])));
        Assert.Throws<ArgumentException>(() => QemuCommandLine.Nic(new QemuNic(0, "aa:00:00:00:00:01", [], [])));
    }

    [Fact]
    public void Nics_come_in_order_before_S_and_extra_arguments_last()
    {
        var args = QemuCommandLine.Build(Machine(), Paths,
            [new QemuNic(0, "aa:00:00:00:00:01", [3], []), new QemuNic(1, "aa:00:00:00:00:02", [4], [])],
            paused: false, daemonize: false, extra: ["-incoming", "defer"]).ToList();
        Assert.True(args.IndexOf("tap,id=net0,fd=3") < args.IndexOf("tap,id=net1,fd=4"));
        Assert.DoesNotContain("-S", args);
        Assert.DoesNotContain("-daemonize", args);
        Assert.Equal(["-incoming", "defer"], args[^2..]);
    }

    [Fact]
    public void Commas_in_paths_are_doubled()
    {
        var args = QemuCommandLine.Build(Machine(), new QemuRuntimePaths("/run/a,b"), []);
        Assert.Contains("unix:/run/a,,b/qmp.sock,server=on,wait=off", args);
    }

    [Fact]
    public void Runtime_files_live_under_instances()
    {
        var paths = QemuRuntimePaths.For("/run/tapyard", "web1");
        Assert.Equal("/run/tapyard/instances/web1", paths.Directory);
        Assert.Equal("/run/tapyard/instances/web1/qemu.json", paths.ProcessFile);
        Assert.Equal("/run/tapyard/instances/web1.lock", paths.LockFile);
    }

    [Fact]
    public void Console_files_are_where_the_lab_guest_console_looks()
    {
        Assert.Equal(Tapyard.Lab.Guest.GuestConsole.SocketFileName, Path.GetFileName(Paths.ConsoleSocket));
        Assert.Equal(Tapyard.Lab.Guest.GuestConsole.LogFileName, Path.GetFileName(Paths.ConsoleLog));
    }
}
