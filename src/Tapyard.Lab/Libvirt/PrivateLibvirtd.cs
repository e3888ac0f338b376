using System.Diagnostics;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Processes;

namespace Tapyard.Lab.Libvirt;

/// <summary>
/// A libvirtd of our own, serving one network namespace (a lab node): its QEMUs run in that namespace,
/// beside the node's devices. The host's /etc/libvirt and libvirt's state and runtime directories are
/// covered, in a private mount namespace only this daemon uses, by directories under
/// <see cref="Directory"/> (so a libvirtd of the host is neither touched nor seen). Every step is
/// an argument vector (unshare, nsenter, mount, libvirtd); nothing goes through a shell.
/// The mount namespace is kept in a file (unshare --mount=FILE) so each step can enter it.
/// </summary>
public sealed class PrivateLibvirtd : IDisposable
{
    /// <summary>
    /// qemu.conf: root QEMUs (else every define re-probes capabilities for 10-40 s, PLATFORM.md), no
    /// per-QEMU mount namespace, security driver, cgroups (no systemd here) or virtlogd (the console
    /// log is written by QEMU itself).
    /// </summary>
    public const string QemuConf = """
        user = "root"
        group = "root"
        namespaces = [ ]
        security_driver = "none"
        cgroup_controllers = [ ]
        stdio_handler = "file"
        """;

    private static readonly (string Private, string Covered)[] CoveredDirectories =
    [
        ("etc", "/etc/libvirt"), ("run", "/run/libvirt"), ("lib", "/var/lib/libvirt"),
        ("cache", "/var/cache/libvirt"), ("log", "/var/log/libvirt"),
    ];

    /// <summary>Each step (a mount, a virsh call): a daemon that hangs must not hang the lab with it.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _mounts = [];

    private PrivateLibvirtd(string directory, string networkNamespace)
    {
        Directory = directory;
        NetworkNamespace = networkNamespace;
    }

    public string Directory { get; }
    public string NetworkNamespace { get; }
    public int Pid
    {
        get => _identity?.Pid ?? 0;
        private set => _identity = ProcessIdentity.TryOf(value); // with its start time: a reused PID is never taken for it
    }

    private ProcessIdentity? _identity;

    public string Socket => Path.Combine(Directory, "run", "libvirt-sock");

    /// <summary>The URI virsh (and the libvirt driver) reaches this daemon at.</summary>
    public string Uri => $"qemu+unix:///system?socket={Socket}";

    private string MountNamespaceFile => Path.Combine(Directory, "ns", "mnt");
    private string PidFile => Path.Combine(Directory, "libvirtd.pid");

    /// <summary>
    /// The daemon started earlier (by another process) with its files under <paramref name="directory"/>,
    /// while it runs; else null. Disposing it stops it as <see cref="Start"/>'s caller would.
    /// </summary>
    public static PrivateLibvirtd? Attach(string directory)
    {
        var daemon = new PrivateLibvirtd(Path.GetFullPath(directory), "");
        if (!File.Exists(daemon.PidFile) || !int.TryParse(File.ReadAllText(daemon.PidFile).Trim(), out int pid) || !IsAlive(pid))
            return null;
        daemon.Pid = pid;
        daemon._mounts.AddRange([daemon.MountNamespaceFile, Path.Combine(daemon.Directory, "ns")]);
        return daemon;
    }

    /// <summary>Starts libvirtd in <paramref name="networkNamespace"/> (a name under /run/netns) with its files under <paramref name="directory"/>.</summary>
    public static PrivateLibvirtd Start(string directory, string networkNamespace, TimeSpan? timeout = null)
    {
        if (Attach(directory) is { } running)
            throw new InvalidOperationException($"a libvirtd (pid {running.Pid}) already runs with its files in {running.Directory}; stop it first");
        var daemon = new PrivateLibvirtd(Path.GetFullPath(directory), networkNamespace);
        try
        {
            daemon.Launch(timeout ?? TimeSpan.FromSeconds(30));
            return daemon;
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    private void Launch(TimeSpan timeout)
    {
        foreach (var (name, covered) in CoveredDirectories)
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, name));
            System.IO.Directory.CreateDirectory(covered); // the mount point (an empty directory when libvirt never ran here)
        }
        File.WriteAllText(Path.Combine(Directory, "etc", "qemu.conf"), QemuConf + "\n");
        // A host UUID of its own: libvirt refuses to migrate between daemons that report the same one
        // ("migrate guest to the same host"), and every daemon on this machine would read the same SMBIOS UUID.
        File.WriteAllText(Path.Combine(Directory, "etc", "libvirtd.conf"), $"host_uuid = \"{Guid.NewGuid():D}\"\n");
        string nsDirectory = Path.Combine(Directory, "ns");
        System.IO.Directory.CreateDirectory(nsDirectory);
        // unshare --mount=FILE needs FILE on a private mount (else the nsfs bind would propagate).
        Run("mount", "--bind", nsDirectory, nsDirectory);
        _mounts.Add(nsDirectory);
        Run("mount", "--make-private", nsDirectory);
        File.WriteAllText(MountNamespaceFile, "");
        Run("unshare", $"--mount={MountNamespaceFile}", "--propagation", "private", "true");
        _mounts.Insert(0, MountNamespaceFile);
        foreach (var (name, covered) in CoveredDirectories)
            Run("nsenter", $"--mount={MountNamespaceFile}", "mount", "--bind", Path.Combine(Directory, name), covered);
        // sysfs as `ip netns exec` mounts it: /sys/class/net shows the node's devices, which libvirt reads.
        Run("nsenter", $"--mount={MountNamespaceFile}", $"--net=/run/netns/{NetworkNamespace}", "mount", "-t", "sysfs", "sysfs", "/sys");
        // Not through ProgramRunner: its pipes would be inherited by the daemon's fork; libvirtd writes to its log files.
        var start = new ProcessStartInfo("nsenter") { UseShellExecute = false };
        foreach (string argument in new[] { $"--mount={MountNamespaceFile}", $"--net=/run/netns/{NetworkNamespace}", "libvirtd", "--daemon", "--pid-file", PidFile })
            start.ArgumentList.Add(argument);
        using (var launcher = Process.Start(start)!)
        {
            launcher.WaitForExit();
            if (launcher.ExitCode != 0)
                throw new InvalidOperationException($"libvirtd in namespace {NetworkNamespace} failed to start ({launcher.ExitCode}); install libvirt-daemon-system");
        }

        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (Pid == 0 && File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out int pid))
                Pid = pid;
            if (Pid != 0 && File.Exists(Socket) && TryRun("virsh", "-q", "-c", Uri, "version") is { Succeeded: true })
                return;
            if (Environment.TickCount64 > deadline)
                throw new InvalidOperationException($"libvirtd in namespace {NetworkNamespace} did not answer on {Socket} within {timeout.TotalSeconds:0} s; see {Path.Combine(Directory, "log")}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Destroys every domain it runs (their QEMUs would outlive it), stops it by PID, unmounts.</summary>
    public void Dispose()
    {
        if (_identity is { IsAlive: true } daemon)
        {
            if (TryRun("virsh", "-q", "-c", Uri, "list", "--uuid") is { Succeeded: true } list)
                foreach (string uuid in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    TryRun("virsh", "-q", "-c", Uri, "destroy", uuid);
            daemon.Signal(LinuxSignal.Kill); // SIGKILL of libvirtd alone (the process we started, by PID and start time): its domains are destroyed above
            WaitUntilReaped(daemon.Pid, TimeSpan.FromSeconds(10));
        }
        foreach (string mount in _mounts)
            TryRun("umount", mount);
        _mounts.Clear();
    }

    /// <summary>
    /// Waits until the killed daemon has left the process table: it daemonized, so its parent is init,
    /// which may reap it only seconds later (measured here); until then it lists as a zombie libvirtd.
    /// </summary>
    private static void WaitUntilReaped(int pid, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (System.IO.Directory.Exists($"/proc/{pid}") && Environment.TickCount64 < deadline)
            Thread.Sleep(20);
    }

    /// <summary>A running process (a zombie left for its parent to reap is none: it is stopped).</summary>
    private static bool IsAlive(int pid) => ProcessIdentity.TryOf(pid) is not null;

    private static void Run(string program, params string[] arguments)
    {
        var result = TryRun(program, arguments)
            ?? throw new InvalidOperationException($"{program} is not installed (util-linux, mount, libvirt-daemon-system)");
        if (result.TimedOut)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within {StepTimeout.TotalSeconds:0} s; it was killed");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Error.Trim()}");
    }

    /// <summary>Runs one step; null when the program is not installed.</summary>
    private static ProgramResult? TryRun(string program, params string[] arguments)
    {
        try
        {
            return ProgramRunner.Run(new ProgramInvocation { Program = program, Arguments = arguments, Timeout = StepTimeout });
        }
        catch (ProgramNotFoundException)
        {
            return null;
        }
    }
}
