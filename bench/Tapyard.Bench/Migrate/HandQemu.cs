using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Tapyard.Bench.Support;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qmp;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Processes;

namespace Tapyard.Bench.Migrate;

/// <summary>
/// One QEMU started by hand on a lab node, as a person would with iproute2 and plain QEMU:
/// `ip link add link eth0 name DEV index N address MAC type macvtap mode bridge`, open the macvtap's
/// character device, `qemu-system-x86_64 ... -netdev tap,fd=3 -device virtio-net-pci,mac=MAC`.
/// <para>
/// The character device is /dev/tap&lt;ifindex&gt;, but ifindex is per namespace and /dev is global: two
/// nodes' macvtaps with the same ifindex share one name, pointing at whichever came first
/// (PLATFORM.md). So the macvtap is created with an explicit ifindex unique on this host, and the
/// node's major:minor (from the device's sysfs entry, read inside its namespace) is checked against
/// /dev/tapN before it is opened; when devtmpfs has not made the node yet, or it is stale, a private
/// node is made with mknod in the QEMU's directory.
/// </para>
/// </summary>
internal sealed class HandQemu
{
    private static int _nextIndex = 30_000 + Random.Shared.Next(0, 5_000) * 4;

    private HandQemu(string nodeNamespace, string device, string directory, ProcessIdentity process)
    {
        NodeNamespace = nodeNamespace;
        Device = device;
        Directory = directory;
        Process = process;
    }

    public string NodeNamespace { get; }
    public string Device { get; }
    public string Directory { get; }
    public ProcessIdentity Process { get; }
    public string QmpSocket => Path.Combine(Directory, "qmp.sock");
    public string ConsoleSocket => Path.Combine(Directory, "console.sock");
    public string ConsoleLog => Path.Combine(Directory, "console.log");

    /// <param name="incoming">A migration target: `-incoming defer`, its macvtap stays down until the guest resumes there.</param>
    public static HandQemu Start(string nodeNamespace, string directory, GuestImage image, QemuAccelerator accelerator, string mac, string append, bool incoming)
    {
        System.IO.Directory.CreateDirectory(directory);
        int index = Interlocked.Add(ref _nextIndex, 1);
        string device = $"hv{index}";
        IpCommand.Run("-n", nodeNamespace, "link", "add", "link", "eth0", "name", device, "index", Number(index), "address", mac,
            "type", "macvtap", "mode", "bridge");
        if (!incoming)
            IpCommand.Run("-n", nodeNamespace, "link", "set", device, "up");
        string tap = CharacterDevice(nodeNamespace, device, index, directory);
        using SafeFileHandle fd = File.OpenHandle(tap, FileMode.Open, FileAccess.ReadWrite);
        var arguments = new List<string>
        {
            "-machine", "q35", "-accel", accelerator.Name, "-cpu", accelerator.Cpu, "-smp", "1", "-m", "256",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-kernel", image.KernelPath, "-initrd", image.InitrdPath, "-append", append,
            "-chardev", $"socket,id=console,path={Path.Combine(directory, "console.sock")},server=on,wait=off,logfile={Path.Combine(directory, "console.log")},logappend=on",
            "-serial", "chardev:console",
            "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
            "-netdev", "tap,id=n0,fd=3", "-device", $"virtio-net-pci,netdev=n0,id=nic0,mac={mac},bus=rp0",
            "-daemonize", "-pidfile", Path.Combine(directory, "qemu.pid"),
        };
        // The same machine as Tapyard's (QemuCommandLine): PCIe root ports, the NIC on the first.
        arguments.InsertRange(arguments.IndexOf("-netdev"),
            Enumerable.Range(0, QemuCommandLine.MinPorts).SelectMany(p => new[] { "-device", $"pcie-root-port,id=rp{p},chassis={p + 1}" }));
        if (incoming)
            arguments.AddRange(["-incoming", "defer"]);
        using var ns = NetworkNamespace.Open(nodeNamespace);
        var parent = ProcessSpawner.Spawn(new SpawnRequest
        {
            Program = "qemu-system-x86_64", Arguments = arguments, Files = [new InheritedFile(fd, 3)],
            OutputPath = Path.Combine(directory, "qemu.log"),
        }, ns);
        var exit = parent.WaitForExit(TimeSpan.FromSeconds(60));
        if (exit is not { Succeeded: true })
        {
            IpCommand.Run("-n", nodeNamespace, "link", "del", device);
            throw new InvalidOperationException($"hand-started QEMU on {nodeNamespace} did not daemonize ({exit}): see {Path.Combine(directory, "qemu.log")}");
        }
        int pid = int.Parse(File.ReadAllText(Path.Combine(directory, "qemu.pid")).Trim(), CultureInfo.InvariantCulture);
        var identity = ProcessIdentity.TryOf(pid) ?? throw new InvalidOperationException($"hand-started QEMU (pid {pid}) ended at once");
        return new HandQemu(nodeNamespace, device, directory, identity);
    }

    public QmpClient ConnectQmp() => QmpClient.Connect(QmpSocket, TimeSpan.FromSeconds(30));

    /// <summary>`ip link set DEV up`: the by-hand step after the guest resumed here.</summary>
    public void LinkUp() => IpCommand.Run("-n", NodeNamespace, "link", "set", Device, "up");

    /// <summary>
    /// quit over QMP (SIGKILL if it hangs), then `ip link del DEV` and the directory. QEMU's QMP socket
    /// serves one client at a time: pass the connection already open, if any.
    /// </summary>
    public void Remove(QmpClient? connected = null)
    {
        if (Process.IsAlive)
        {
            try
            {
                if (connected is not null)
                    connected.Execute("quit");
                else
                {
                    using var qmp = ConnectQmp();
                    qmp.Execute("quit");
                }
            }
            catch (Exception e) when (e is Core.Errors.TapyardException) { }
            if (!Process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                Process.Signal(LinuxSignal.Kill);
                Process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        try { IpCommand.Run("-n", NodeNamespace, "link", "del", Device); }
        catch (Linux.Errors.TapyardLinuxException) { /* gone with its namespace */ }
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>/dev/tapN when its major:minor is the device's (devtmpfs may lag); otherwise a private node made with mknod.</summary>
    private static string CharacterDevice(string nodeNamespace, string device, int index, string directory)
    {
        // sysfs shows a namespace's devices only to a process that mounted it there: ip netns exec does.
        string wanted = ExecIn(nodeNamespace, "cat", $"/sys/class/net/{device}/macvtap/tap{Number(index)}/dev").Trim();
        string global = $"/dev/tap{Number(index)}";
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            if (File.Exists(global) && MajorMinor(global) == wanted)
                return global;
            Thread.Sleep(10);
        }
        string[] parts = wanted.Split(':');
        string local = Path.Combine(directory, "tap");
        Run("mknod", local, "c", parts[0], parts[1]);
        return local;
    }

    private static string MajorMinor(string path)
    {
        string hex = Run("stat", "-c", "%t:%T", path).Trim();
        string[] parts = hex.Split(':');
        return $"{Convert.ToInt32(parts[0], 16)}:{Convert.ToInt32(parts[1], 16)}";
    }

    private static string ExecIn(string nodeNamespace, params string[] command) => IpCommand.Output(["netns", "exec", nodeNamespace, .. command]);

    private static string Run(string program, params string[] arguments)
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = program, Arguments = arguments });
        if (!result.Succeeded)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {result.Error.Trim()}");
        return result.Output;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
