using Tapyard.Linux;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Bench.Plug;

/// <summary>
/// `tapyard bench plug`: in a fresh namespace with a veth as lower device, plugs and unplugs
/// <c>count</c> macvtaps with Tapyard (batched and one by one), with one `ip` process per device
/// and with one `ip -batch` file, in the same run, and compares the per-device figures. The
/// namespace is deleted at the end, also on failure or Ctrl-C.
/// </summary>
public static class PlugBenchmark
{
    public const int MaximumCount = 10_000;
    /// <summary>
    /// Warm-up devices per round, and rounds separated by pauses: .NET's tiered JIT starts counting
    /// calls only after 100 ms without new methods, then promotes a method after 30 calls (with PGO,
    /// twice). With a short warm-up the first contender ran partly unoptimized code and lost ~30%.
    /// </summary>
    private const int WarmUpCount = 64;
    private const int WarmUpRounds = 3;
    private static readonly TimeSpan TierUpPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettlePause = TimeSpan.FromMilliseconds(500);
    private const string Lower = "lower0";

    public static PlugReport Run(int count, TextWriter progress, CancellationToken cancellation = default)
    {
        if (count is < 1 or > MaximumCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be 1..{MaximumCount}");

        // Each contender gets its own names and ifindexes: a deleted device's /dev/tapN may linger
        // a moment, and a reused index would then meet the old node.
        (IPlugContender Contender, string Prefix)[] contenders =
        [
            (new TapyardBatchContender(), "tb"),
            (new TapyardOneByOneContender(), "ts"),
            (new IpProcessContender(), "ip"),
            (new IpAddThenUpContender(), "iu"),
            (new IpBatchContender(), "ib"),
        ];
        string name = $"ty-bench-{Guid.NewGuid().ToString("N")[..8]}";
        progress.WriteLine($"bench plug: {count} macvtaps (mode bridge) on veth {Lower} in namespace {name}");
        var ns = NetworkNamespace.Create(name);
        try
        {
            using var netlink = Rtnetlink.Open(ns);
            var lower = netlink.Links.Create(new VethLinkSpec { Name = Lower, PeerName = Lower + "p", Up = true });
            netlink.Links.SetUp(Lower + "p", true);
            using var lab = new PlugLab(ns, netlink, Lower, lower.Index, cancellation);
            int block = IfindexAllocator.Shared.PickBlock(count * contenders.Length + WarmUpCount * WarmUpRounds);

            WarmUp(lab, block + count * contenders.Length);

            var measurements = new List<Measurement>();
            for (int i = 0; i < contenders.Length; i++)
            {
                // Let the kernel finish the previous phase's deferred work (freeing devices, IPv6
                // timers) so it does not land on the next contender's clock.
                Thread.Sleep(SettlePause);
                cancellation.ThrowIfCancellationRequested();
                var (contender, prefix) = contenders[i];
                var devices = Devices(prefix, block + count * i, count);
                var plug = contender.Plug(lab, devices);
                lab.Verify(contender.Tool, count);
                progress.WriteLine($"  {Describe(plug)}");
                measurements.Add(plug);
                cancellation.ThrowIfCancellationRequested();
                var close = Timing.Batch(contender.Tool, PlugPhases.CloseQueues, count, lab.CloseQueues);
                progress.WriteLine($"  {Describe(close)}");
                measurements.Add(close);
                if (contender.Unplug(lab, devices) is { } unplug)
                {
                    progress.WriteLine($"  {Describe(unplug)}");
                    measurements.Add(unplug);
                }
                lab.Verify(contender.Tool, 0);
            }
            return new PlugReport
            {
                Count = count,
                Namespace = name,
                QueueFdsOpened = true,
                CreatePhase = PlugPhases.CreateOpenUp,
                Measurements = measurements,
                Ratios = Ratios(measurements, PlugPhases.CreateOpenUp),
            };
        }
        finally
        {
            ns.Dispose();
            NetworkNamespace.Delete(name);
        }
    }

    /// <summary>
    /// Runs Tapyard's paths (and the opener every contender uses) on some devices first, then gives
    /// the background JIT time to install optimized code, so JIT and first-use costs stay out of the
    /// figures: they show a node agent's steady state, and no contender pays for running first.
    /// </summary>
    private static void WarmUp(PlugLab lab, int firstIndex)
    {
        const int half = WarmUpCount / 2;
        IPlugContender[] contenders = [new TapyardBatchContender(), new TapyardOneByOneContender()];
        for (int round = 0; round < WarmUpRounds; round++)
        {
            var devices = Devices($"w{round}x", firstIndex + round * WarmUpCount, WarmUpCount);
            foreach (var (contender, share) in contenders.Zip([devices[..half], devices[half..]]))
            {
                contender.Plug(lab, share);
                lab.CloseQueues();
                contender.Unplug(lab, share);
            }
            Thread.Sleep(TierUpPause);
        }
    }

    private static List<BenchDevice> Devices(string prefix, int firstIndex, int count) =>
        Enumerable.Range(0, count).Select(i => new BenchDevice($"{prefix}{i}", firstIndex + i)).ToList();

    private static string Describe(Measurement m) =>
        $"{m.Tool,-18} {m.Phase,-14} {m.PerDeviceMicroseconds,9:F1} us/device ({m.Statistic}), {m.TotalMilliseconds:F1} ms total";

    private static List<PlugRatio> Ratios(List<Measurement> all, string create)
    {
        double Of(string tool, string phase) => all.Single(m => m.Tool == tool && m.Phase == phase).PerDeviceMicroseconds;
        string teardown = PlugPhases.Teardown;
        return
        [
            new($"{create}.tapyard_over_ip_batch", "Tapyard batched vs one ip -batch (lower is better)",
                Of(PlugTools.Tapyard, create) / Of(PlugTools.IpBatch, create)) { AtMost = 1.3 },
            new($"{create}.ip_over_tapyard", "one ip process per device vs Tapyard batched (speed-up)",
                Of(PlugTools.Ip, create) / Of(PlugTools.Tapyard, create)) { AtLeast = 10 },
            new($"{create}.ip_add_then_up_over_tapyard", "two ip processes per device (add, set up) vs Tapyard batched (speed-up)",
                Of(PlugTools.IpAddThenUp, create) / Of(PlugTools.Tapyard, create)) { AtLeast = 10 },
            new($"{create}.ip_over_tapyard_one_by_one", "one ip process per device vs Tapyard one request per device (speed-up)",
                Of(PlugTools.Ip, create) / Of(PlugTools.TapyardOneByOne, create)),
            new($"{teardown}.ip_over_tapyard", "one ip link del per device vs Tapyard DeleteMany (speed-up)",
                Of(PlugTools.Ip, teardown) / Of(PlugTools.Tapyard, teardown)) { AtLeast = 30 },
            new($"{teardown}.ip_batch_over_tapyard", "ip -batch deletes vs Tapyard DeleteMany (speed-up)",
                Of(PlugTools.IpBatch, teardown) / Of(PlugTools.Tapyard, teardown)),
        ];
    }
}
