using System.Diagnostics;
using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Probes;
using Tapyard.Linux.Namespaces;
using Tapyard.Bench.Support;

namespace Tapyard.Bench.Migrate;

/// <summary>
/// `tapyard bench migrate`: a fresh two-node lab with two guests side by side on node 1, one a
/// Tapyard instance (macvtap bridge on eth0, 198.51.100.20), one started by hand (<see cref="HandMigration"/>,
/// 198.51.100.30). Each round migrates the Tapyard guest to the other node with QemuMigrator and
/// the hand guest the same way by hand, in turn (<see cref="HandGoesFirst"/>), each while the outside host pings it every 20 ms. Everything
/// (lab, guests, temporary directories) is removed at the end.
/// </summary>
public static class MigrateBenchmark
{
    /// <summary>A multiple of 4: the ABBA order (<see cref="HandGoesFirst"/>) is balanced only over whole blocks of 4 rounds.</summary>
    public const int DefaultCount = 12;
    public const int MaximumCount = 100;
    private const string Instance = "bench1";
    private static readonly IPAddress TapyardGuest = IPAddress.Parse("198.51.100.20");
    private static readonly IPAddress HandGuest = IPAddress.Parse("198.51.100.30");
    private const string HandMac = "52:54:00:be:0c:01";

    public static MigrateReport Run(int count, TextWriter progress, CancellationToken cancellation = default)
    {
        if (count is < 1 or > MaximumCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be 1..{MaximumCount}");
        BenchLab? lab = null;
        QemuDriver? driver = null;
        HandMigration? hand = null;
        try
        {
            var image = GuestImage.Ensure(progress: line => progress.WriteLine($"bench migrate: {line}"));
            lab = BenchLab.Up("bm", 2, line => progress.WriteLine($"bench migrate: {line}"));
            var layout = lab.Layout;
            string run = lab.RunDirectory;
            var store = lab.Store;
            var addresses = NodeAddresses(layout);
            lab.AddInstance(Instance, 1, TapyardGuest);
            var options = new QemuDriverOptions { RuntimeDirectory = run, Boot = new BenchGuestBoot(image) };
            var accelerator = QemuAccelerator.Detect();
            driver = new QemuDriver(store, options);
            var migrator = new QemuMigrator(store, options);
            progress.WriteLine($"bench migrate: booting the Tapyard guest {TapyardGuest} and the hand-started guest {HandGuest} on {layout.NodeName(1)} ({accelerator.Name}: {accelerator.Reason})");
            driver.Start(Instance);
            using (var console = GuestConsole.Connect(driver.PathsOf(Instance).ConsoleSocket, driver.PathsOf(Instance).ConsoleLog, TimeSpan.FromSeconds(30)))
                console.WaitForReady(TimeSpan.FromSeconds(180));
            hand = new HandMigration(image, accelerator, HandMac,
                GuestKernelCommandLine.Build([new GuestNic(HandMac, HandGuest, 24)], LabLayout.OutsideAddress, "handguest"), Path.Combine(lab.Temp, "hand"));
            hand.Boot(layout.NodeNamespace(1));
            // The run's first migration is slow whichever side makes it (QEMU total 280-560 ms against
            // 50-110 ms, BENCHMARKS.md): a one-time cost on a fresh lab and host, not either side's.
            // The hand guest goes there and back once, unmeasured, so no side is charged for it.
            progress.WriteLine("bench migrate: warming up (the hand guest there and back, not measured)");
            hand.MoveTo(layout.NodeNamespace(2), addresses[1]);
            hand.MoveTo(layout.NodeNamespace(1), addresses[0]);

            var tapyard = new List<MigrationSample>();
            var byHand = new List<MigrationSample>();
            for (int i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                int from = i % 2 == 0 ? 1 : 2, to = 3 - from;
                MigrationSample RunTapyard() => Measure(layout, TapyardGuest, from, to, () =>
                {
                    var r = migrator.Migrate(Instance, layout.NodeName(to));
                    if (r.Warnings.Count > 0)
                        throw new InvalidOperationException(string.Join("; ", r.Warnings));
                    return (r.TotalTime.TotalMilliseconds, r.Downtime.TotalMilliseconds);
                });
                MigrationSample RunHand() => Measure(layout, HandGuest, from, to, () => hand.MoveTo(layout.NodeNamespace(to), addresses[to - 1]));
                MigrationSample t, h;
                if (HandGoesFirst(i)) { h = RunHand(); t = RunTapyard(); } else { t = RunTapyard(); h = RunHand(); }
                tapyard.Add(t);
                byHand.Add(h);
                progress.WriteLine($"bench migrate: {i + 1}/{count} n{from} -> n{to} ({(HandGoesFirst(i) ? "by hand first" : "tapyard first")}): tapyard total {t.TotalMs:0} ms downtime {t.DowntimeMs:0} ms lost {t.PingsLost}/{t.PingsSent}; "
                    + $"by hand total {h.TotalMs:0} ms downtime {h.DowntimeMs:0} ms lost {h.PingsLost}/{h.PingsSent}");
            }
            return new MigrateReport(count, accelerator.Name, tapyard, byHand);
        }
        finally
        {
            try { driver?.Stop(Instance); }
            catch (Exception e) { progress.WriteLine($"bench migrate: stopping {Instance} failed: {e.Message}"); }
            try { hand?.Remove(); }
            catch (Exception e) { progress.WriteLine($"bench migrate: removing the hand guest failed: {e.Message}"); }
            lab?.Dispose();
        }
    }

    /// <summary>
    /// Rounds go Tapyard first, by hand first, by hand first, Tapyard first (ABBA): which side goes first
    /// in a round must not favour either, and the direction flips every round, so each side gets as many
    /// first places as second ones, in both directions, in every 4 rounds. A migration that follows two
    /// of the other side's is the slow one here (QEMU total 135-362 ms, 12 of 12 for Tapyard in rounds
    /// 2, 6, 10 of four runs): each side gets one such slot per 4 rounds, so a count that is not a
    /// multiple of 4 favours one side (10: Tapyard 3, by hand 2).
    /// </summary>
    internal static bool HandGoesFirst(int round) => round % 4 is 1 or 2;

    /// <summary>Pings the guest from the outside host: 5 replies before, the migration, 10 replies after.</summary>
    private static MigrationSample Measure(LabLayout layout, IPAddress guest, int from, int to, Func<(double Total, double Downtime)> migrate)
    {
        using var pinger = ContinuousPinger.Start(layout.OutsideNamespace, guest);
        WaitForReplies(pinger, 5);
        var clock = Stopwatch.StartNew();
        var (total, downtime) = migrate();
        double elapsed = clock.Elapsed.TotalMilliseconds;
        WaitForReplies(pinger, pinger.Current.Received + 10);
        var pings = pinger.Stop();
        return new MigrationSample(layout.NodeName(from), layout.NodeName(to), total, downtime, elapsed, pings.Sent, pings.Lost, pings.LongestOutage.TotalMilliseconds);
    }

    private static void WaitForReplies(ContinuousPinger pinger, int replies)
    {
        var clock = Stopwatch.StartNew();
        while (pinger.Current.Received < replies)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"the guest answered no pings for 60 s ({pinger.Current})");
            Thread.Sleep(10);
        }
    }

    /// <summary>Each node's IPv4 address on eth0 (192.0.2.N/24 unless the lab gave it one), where migrations arrive.</summary>
    private static IReadOnlyList<string> NodeAddresses(LabLayout layout)
    {
        var addresses = new List<string>();
        foreach (int node in layout.NodeNumbers)
        {
            using var ns = NetworkNamespace.Open(layout.NodeNamespace(node));
            if (MigrationAddress.Find(ns) is not { } address)
            {
                address = IPAddress.Parse($"192.0.2.{node}");
                IpCommand.Run("-n", layout.NodeNamespace(node), "addr", "add", $"{address}/24", "dev", LabLayout.Uplink);
            }
            addresses.Add(address.ToString());
        }
        return addresses;
    }
}
