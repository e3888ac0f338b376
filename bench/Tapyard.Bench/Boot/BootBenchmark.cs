using System.Diagnostics;
using System.Net;
using Tapyard.Bench.Support;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Libvirt;

namespace Tapyard.Bench.Boot;

/// <summary>
/// `tapyard bench boot`: a fresh one-node lab with a libvirtd of its own in the node's namespace
/// (<see cref="PrivateLibvirtd"/>, as `tapyard node libvirtd` starts it) and two instances with one
/// macvtap NIC (bridge mode on eth0) booting the lab guest: q1 on the direct QEMU driver, l1 on the
/// libvirt driver. Each round boots both, alternating which goes first, timing `Start()` and the
/// first echo reply at the outside host, and stops each again. Everything (QEMUs by PID, the
/// libvirtd by PID, the lab, temporary directories) is removed at the end, also on failure or Ctrl-C.
/// </summary>
public static class BootBenchmark
{
    public const int DefaultRounds = 4;
    public const int MaximumRounds = 50;
    private const string QemuInstance = "q1";
    private const string LibvirtInstance = "l1";
    private static readonly IPAddress QemuGuest = IPAddress.Parse("198.51.100.20");
    private static readonly IPAddress LibvirtGuest = IPAddress.Parse("198.51.100.21");
    private static readonly TimeSpan PingDeadline = TimeSpan.FromSeconds(150);

    public static BootReport Run(int rounds, TextWriter progress, CancellationToken cancellation = default)
    {
        if (rounds is < 1 or > MaximumRounds)
            throw new ArgumentOutOfRangeException(nameof(rounds), rounds, $"rounds must be 1..{MaximumRounds}");
        void Say(string line) => progress.WriteLine($"bench boot: {line}");
        BenchLab? lab = null;
        PrivateLibvirtd? daemon = null;
        QemuDriver? qemu = null;
        LibvirtDriver? libvirt = null;
        try
        {
            var image = GuestImage.Ensure(progress: Say);
            cancellation.ThrowIfCancellationRequested();
            lab = BenchLab.Up("bb", 1, Say);
            lab.AddInstance(QemuInstance, 1, QemuGuest);
            lab.AddInstance(LibvirtInstance, 1, LibvirtGuest, HypervisorNames.Libvirt);
            string node = lab.Layout.NodeName(1);
            // Where `tapyard node libvirtd` keeps it, so `lab down` would find it too.
            daemon = PrivateLibvirtd.Start(RuntimeDirectory.LibvirtDaemonOf(lab.RunDirectory, node), lab.Layout.NodeNamespace(1));
            Say($"libvirtd for {node} runs (pid {daemon.Pid}) at {daemon.Uri}");
            var boot = new BenchGuestBoot(image);
            qemu = new QemuDriver(lab.Store, new QemuDriverOptions { RuntimeDirectory = lab.RunDirectory, Boot = boot });
            libvirt = new LibvirtDriver(lab.Store, new LibvirtDriverOptions { Uri = daemon.Uri, RuntimeDirectory = lab.RunDirectory, Boot = boot });
            // A libvirtd in service has probed QEMU's capabilities long before; a fresh one does it at its first domain.
            new Virsh(daemon.Uri).Check("warm-up", ["domcapabilities", "--virttype", "qemu"]);
            var accelerator = QemuAccelerator.Detect();
            Say($"{rounds} rounds, {accelerator.Name} ({accelerator.Reason})");

            var contenders = new (string Instance, IPAddress Guest, IHypervisorDriver Driver, List<BootSample> Samples)[]
            {
                (QemuInstance, QemuGuest, qemu, []), (LibvirtInstance, LibvirtGuest, libvirt, []),
            };
            for (int round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? contenders : contenders.Reverse().ToArray();
                for (int i = 0; i < order.Length; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var (instance, guest, driver, samples) = order[i];
                    var clock = Stopwatch.StartNew();
                    driver.Start(instance);
                    double started = clock.Elapsed.TotalSeconds;
                    double pinged = FirstPing.Wait(lab.Layout.OutsideNamespace, guest, clock, PingDeadline, cancellation);
                    driver.Stop(instance);
                    samples.Add(new BootSample(round, i == 0, started, pinged));
                    Say($"round {round}/{rounds} {driver.Name,-7}: start returned {started,6:0.00} s, first ping {pinged,6:0.00} s");
                }
            }
            return new BootReport(rounds, accelerator.Name, contenders[0].Samples, contenders[1].Samples);
        }
        finally
        {
            if (qemu is not null)
                StopAndKill(qemu, QemuInstance, () => QemuProcess.TryLoad(qemu.PathsOf(QemuInstance)) is { IsAlive: true } p ? p.Pid : null, Say);
            if (libvirt is not null && daemon is not null)
                StopAndKill(libvirt, LibvirtInstance, () => PidFile(Path.Combine(daemon.Directory, "run", "qemu", LibvirtInstance + ".pid")), Say);
            try { daemon?.Dispose(); } // destroys its domains, stops libvirtd by PID, unmounts
            catch (Exception e) { Say($"stopping libvirtd failed: {e.Message}"); }
            lab?.Dispose();
        }
    }

    /// <summary>Stops <paramref name="instance"/> through its driver; a QEMU still alive after that is killed by PID.</summary>
    private static void StopAndKill(IHypervisorDriver driver, string instance, Func<int?> qemuPid, Action<string> say)
    {
        try { driver.Stop(instance); }
        catch (Exception e) { say($"stopping {instance} failed: {e.Message}"); }
        try
        {
            if (qemuPid() is { } pid)
            {
                using var process = Process.GetProcessById(pid);
                if (!process.HasExited && process.ProcessName.StartsWith("qemu", StringComparison.Ordinal))
                {
                    say($"killing the QEMU of {instance} (pid {pid})");
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
    }

    private static int? PidFile(string path) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out int pid) ? pid : null;
}
