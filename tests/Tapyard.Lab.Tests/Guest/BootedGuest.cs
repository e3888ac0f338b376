using System.Diagnostics;
using System.Net;
using Tapyard.Lab.Guest;

namespace Tapyard.Lab.Tests.Guest;

/// <summary>
/// One lab guest booted under TCG for a test class (boots are expensive): QEMU runs inside a namespace
/// of ours (`ip netns exec NS qemu-system-x86_64 ...`, an argument vector) on a persistent tap there that
/// carries the host side's address; nothing is routed anywhere else. Killed by PID, namespace deleted.
/// </summary>
public sealed class BootedGuest : IDisposable
{
    public const string Mac = "52:54:00:5e:00:0a";
    public const string Hostname = "tyguest";
    public static readonly IPAddress GuestAddress = IPAddress.Parse("198.51.100.10");
    public static readonly IPAddress HostAddress = IPAddress.Parse("198.51.100.1");
    public const string TapName = "tytap0";
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _qemu;
    private readonly TempDirectory _directory;

    public BootedGuest()
    {
        Root.Require();
        var clock = Stopwatch.StartNew();
        var progress = new List<string>();
        Image = GuestImage.Ensure(RepoRoot.CacheDirectory, progress.Add);
        ImageProgress = progress;
        ImageSeconds = clock.Elapsed.TotalSeconds;

        _directory = new TempDirectory("guest");
        Namespace = TestNamespace.Create("guest");
        try
        {
            // Single-queue and persistent, as QEMU's ifname= attach expects (a multi-queue tap refuses it with EINVAL).
            Ip.Run("-n", Namespace.Name, "tuntap", "add", "dev", TapName, "mode", "tap");
            Ip.Run("-n", Namespace.Name, "link", "set", "lo", "up");
            Ip.Run("-n", Namespace.Name, "addr", "add", $"{HostAddress}/24", "dev", TapName);
            Ip.Run("-n", Namespace.Name, "link", "set", TapName, "up");

            CommandLine = GuestKernelCommandLine.Build([new GuestNic(Mac, GuestAddress, 24)], HostAddress, Hostname);
            _qemu = StartQemu();
            clock.Restart();
            try
            {
                Console = GuestConsole.Connect(SocketPath, timeout: TimeSpan.FromSeconds(30));
                Console.WaitForReady(BootTimeout);
            }
            catch (GuestConsoleException e) when (_qemu.HasExited)
            {
                throw new InvalidOperationException($"{e.Message}; QEMU exited with {_qemu.ExitCode}: {string.Join(" | ", QemuMessages)}", e);
            }
            BootSeconds = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>What QEMU printed on stdout and stderr (TUNSETSTEERINGEBPF warnings, or why it exited).</summary>
    public List<string> QemuMessages { get; } = [];
    public GuestImage Image { get; }
    public IReadOnlyList<string> ImageProgress { get; }
    public double ImageSeconds { get; }
    public double BootSeconds { get; }
    public TestNamespace Namespace { get; }
    public string CommandLine { get; } = "";
    public GuestConsole Console { get; } = null!;
    public string SocketPath => _directory.File(GuestConsole.SocketFileName);
    public string LogPath => _directory.File(GuestConsole.LogFileName);

    private Process StartQemu()
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            "netns", "exec", Namespace.Name, "qemu-system-x86_64",
            "-accel", "tcg", "-m", "256", "-smp", "1",
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", Image.KernelPath, "-initrd", Image.InitrdPath, "-append", CommandLine,
            .. GuestConsole.QemuArguments(_directory.Path),
            "-netdev", $"tap,id=n0,ifname={TapName},script=no,downscript=no",
            "-device", $"virtio-net-pci,netdev=n0,mac={Mac}",
        ];
        foreach (string a in args)
            start.ArgumentList.Add(a);
        try
        {
            var process = Process.Start(start)!;
            // Drain QEMU's own messages so it never blocks on a full pipe.
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (QemuMessages) QemuMessages.Add(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (QemuMessages) QemuMessages.Add(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("cannot start ip/qemu-system-x86_64: install iproute2 and qemu-system-x86", e);
        }
    }

    public void Dispose()
    {
        Console?.Dispose();
        if (_qemu is { HasExited: false })
        {
            _qemu.Kill(); // SIGKILL to this PID only: `ip netns exec` exec'd QEMU in place
            _qemu.WaitForExit(10_000);
        }
        _qemu?.Dispose();
        Namespace?.Dispose();
        _directory?.Dispose();
    }
}
