using System.Globalization;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// QEMU's argument vector for a machine, its runtime files and its NICs (pure: no files are touched).
/// The order is libvirt's: a paused (-S) QEMU, daemonized once its sockets listen, so NICs can be
/// brought up before the vCPUs run.
/// </summary>
public static class QemuCommandLine
{
    /// <param name="extra">Appended as given, e.g. ["-incoming", "defer"] for a migration target.</param>
    public static IReadOnlyList<string> Build(QemuMachine machine, QemuRuntimePaths paths, IReadOnlyList<QemuNic> nics,
        bool paused = true, bool daemonize = true, IReadOnlyList<string>? extra = null)
    {
        var args = new List<string>
        {
            "-name", $"guest={Escape(machine.Name)},debug-threads=on",
            "-uuid", machine.Uuid.ToString(),
            "-machine", "q35",
            "-accel", machine.Accelerator.Name,
            "-cpu", machine.Accelerator.Cpu,
            "-smp", Number(machine.Vcpus),
            "-m", Number(machine.MemoryMiB),
            "-nodefaults", "-no-user-config", "-display", "none",
        };
        if (machine.Boot is { } boot)
        {
            args.AddRange(["-kernel", boot.Kernel]);
            if (boot.Initrd is not null)
                args.AddRange(["-initrd", boot.Initrd]);
            if (boot.Append is not null)
                args.AddRange(["-append", boot.Append]);
        }
        args.AddRange([
            "-chardev", $"socket,id=console,path={Escape(paths.ConsoleSocket)},server=on,wait=off,logfile={Escape(paths.ConsoleLog)},logappend=on",
            "-serial", "chardev:console",
            "-qmp", $"unix:{Escape(paths.QmpSocket)},server=on,wait=off",
        ]);
        // One PCIe root port per NIC slot (libvirt's layout): q35's root bus takes no hot-plug, so every
        // NIC sits on its own port and can be hot-removed, spare ports take hot-added NICs. A fixed count
        // keeps the machine the same for a migration target built after NICs were hot-plugged.
        for (int port = 0; port < PortCount(nics.Count); port++)
            args.AddRange(["-device", $"pcie-root-port,id={PortIdOf(port)},chassis={Number(port + 1)}"]);
        foreach (var nic in nics)
            args.AddRange(Nic(nic));
        if (paused)
            args.Add("-S");
        if (daemonize)
            args.AddRange(["-daemonize", "-pidfile", paths.PidFile]);
        if (extra is not null)
            args.AddRange(extra);
        return args;
    }

    /// <summary>-netdev and -device for one NIC: fd= for one queue, fds=a:b:.. with mq=on and 2Q+2 MSI-X vectors for more.</summary>
    public static IReadOnlyList<string> Nic(QemuNic nic)
    {
        if (nic.TapFds.Count == 0)
            throw new ArgumentException($"NIC {nic.Index} has no tap queue fd", nameof(nic));
        if (nic.VhostFds.Count != 0 && nic.VhostFds.Count != nic.TapFds.Count)
            throw new ArgumentException($"NIC {nic.Index} needs one vhost fd per queue ({nic.TapFds.Count}), got {nic.VhostFds.Count}", nameof(nic));
        bool multiQueue = nic.TapFds.Count > 1;
        string netdev = $"tap,id={nic.NetdevId}," + (multiQueue ? $"fds={Join(nic.TapFds)}" : $"fd={Number(nic.TapFds[0])}");
        if (nic.VhostFds.Count > 0)
            netdev += ",vhost=on," + (multiQueue ? $"vhostfds={Join(nic.VhostFds)}" : $"vhostfd={Number(nic.VhostFds[0])}");
        string device = $"virtio-net-pci,netdev={nic.NetdevId},id={nic.DeviceId},mac={nic.Mac},bus={PortIdOf(nic.Index)}";
        if (multiQueue)
            device += $",mq=on,vectors={Number(2 * nic.TapFds.Count + 2)}";
        return ["-netdev", netdev, "-device", device];
    }

    /// <summary>PCIe root ports on every machine: room for this many NICs, hot-plugged ones included.</summary>
    public const int MinPorts = 8;

    /// <summary>The ports of a machine with <paramref name="nics"/> NICs: NIC i sits on port i.</summary>
    public static int PortCount(int nics) => Math.Max(MinPorts, nics);

    /// <summary>The id of PCIe root port <paramref name="port"/> ("rp0"...), NIC <paramref name="port"/>'s bus.</summary>
    public static string PortIdOf(int port) => $"rp{Number(port)}";

    /// <summary>QEMU's option syntax: a ',' inside a value is written ",,".</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);

    private static string Join(IReadOnlyList<int> fds) => string.Join(':', fds.Select(Number));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
