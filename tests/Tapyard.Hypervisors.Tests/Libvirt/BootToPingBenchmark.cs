using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Tests.Support;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>
/// BENCHMARKS.md "Boot to first ping": from `Start()` called to the first echo reply the lab's outside
/// host gets from the guest, for the direct QEMU driver and the libvirt driver in one run, alternating
/// (same guest image, same node, same macvtap setup). Fails when either never answers.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class BootToPingBenchmark(ITestOutputHelper output)
{
    private const int Rounds = 4;
    private static readonly TimeSpan PingDeadline = TimeSpan.FromSeconds(150);

    [Fact]
    public void Start_to_first_ping_qemu_versus_libvirt()
    {
        using var world = new LibvirtWorld("lvbench", new LabGuestBoot());
        world.World.AddInstance("q1");
        world.World.AddInstance("l1");
        ConfigTransaction.Run(world.World.Store, s => { s.GetInstance("l1").Hypervisor = HypervisorNames.Libvirt; });
        var contenders = new (string Instance, IHypervisorDriver Driver)[] { ("q1", world.World.Driver), ("l1", world.Driver) };
        // A libvirtd in service has probed QEMU's capabilities long before; a fresh one does it at its first domain.
        new Virsh(world.Daemon.Uri).Check("warm-up", ["domcapabilities", "--virttype", "qemu"]);
        var results = contenders.ToDictionary(c => c.Driver.Name, _ => new List<(double Start, double Ping)>());

        for (int round = 0; round < Rounds; round++)
            foreach (var (instance, driver) in round % 2 == 0 ? contenders : contenders.Reverse())
            {
                string ip = world.World.NicOf(instance).Ip!;
                var clock = Stopwatch.StartNew();
                driver.Start(instance);
                double started = clock.Elapsed.TotalSeconds;
                double pinged = FirstPing(world.World, ip, clock);
                driver.Stop(instance);
                results[driver.Name].Add((started, pinged));
                output.WriteLine($"round {round + 1} {driver.Name,-7}: start returned {started,6:0.00} s, first ping {pinged,6:0.00} s");
            }

        foreach (var (name, runs) in results)
            output.WriteLine($"{name,-7}: start {Median(runs.Select(r => r.Start)):0.00} s, first ping {Median(runs.Select(r => r.Ping)):0.00} s (median of {runs.Count})");
    }

    /// <summary>Seconds on <paramref name="clock"/> at the first echo reply from <paramref name="ip"/>, pinging from the outside host every 200 ms.</summary>
    private static double FirstPing(DriverWorld world, string ip, Stopwatch clock)
    {
        var address = IPAddress.Parse(ip);
        return world.Switch.Namespace.Run(() =>
        {
            using var ping = new Ping();
            while (clock.Elapsed < PingDeadline)
            {
                var sent = clock.Elapsed;
                if (ping.Send(address, 200).Status == IPStatus.Success)
                    return clock.Elapsed.TotalSeconds;
                var rest = TimeSpan.FromMilliseconds(200) - (clock.Elapsed - sent);
                if (rest > TimeSpan.Zero)
                    Thread.Sleep(rest);
            }
            throw new Xunit.Sdk.XunitException($"{ip} did not answer a ping within {PingDeadline.TotalSeconds:0} s of its start");
        });
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
