using System.Diagnostics;
using Tapyard.Bench.Support;
using Tapyard.Linux;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;
using Tapyard.Node.Verify;

namespace Tapyard.Bench.Sweep;

/// <summary>
/// `tapyard bench sweep`: a namespace with <c>count</c> devices, half Tapyard orphans (vtap*
/// macvtaps without records), half others (macvtaps with other names, veth pairs); times node
/// verify and verify --fix in process, then makes orphans again and deletes them one `ip link del`
/// each. The namespace and the temporary runtime directory are removed at the end.
/// </summary>
public static class SweepBenchmark
{
    public const int MaximumCount = 20_000;
    /// <summary>One-by-one deletes cost ~16-24 ms each (an RCU grace period per unregister): 200 take ~4 s.</summary>
    public const int DefaultReferenceCount = 200;
    private const int VerifyRuns = 7;
    private const string Lower = "lower0";
    private const string Node = "bench";

    public static SweepReport Run(int count, int referenceCount, TextWriter progress, CancellationToken cancellation = default)
    {
        if (count is < 4 or > MaximumCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be 4..{MaximumCount}");
        int orphans = count / 2;
        referenceCount = Math.Clamp(referenceCount, 1, orphans);
        string name = $"ty-sweep-{Guid.NewGuid().ToString("N")[..8]}";
        string runtime = Directory.CreateTempSubdirectory("tapyard-sweep-").FullName;
        progress.WriteLine($"bench sweep: {count} devices ({orphans} vtap orphans, {count - orphans} others) in namespace {name}");
        var ns = NetworkNamespace.Create(name);
        try
        {
            using var netlink = Rtnetlink.Open(ns);
            netlink.Links.Create(new VethLinkSpec { Name = Lower, PeerName = Lower + "p", Up = true });
            var orphanSpecs = Macvtaps("vtap", 0, orphans);
            netlink.Links.CreateManyWithUniqueIndexes(orphanSpecs);
            // The others: half macvtaps with non-Tapyard names, half veth pairs (two devices each).
            int others = count - orphans;
            int otherMacvtaps = others / 2;
            netlink.Links.CreateManyWithUniqueIndexes(Macvtaps("guest", 0, otherMacvtaps));
            netlink.Links.CreateMany(Enumerable.Range(0, (others - otherMacvtaps) / 2)
                .Select(i => (LinkSpec)new VethLinkSpec { Name = $"vea{i}", PeerName = $"veb{i}" }).ToList());
            int before = netlink.Links.List().Count;

            var records = new NicRecords(runtime, Node);
            var verifier = new NodeVerifier(netlink.Links, records);
            // Warm up the JIT on the real data, then take the median.
            for (int i = 0; i < 3; i++)
                Check(verifier.Verify([], fix: false), orphans);
            var samples = new List<double>();
            for (int i = 0; i < VerifyRuns; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                var result = verifier.Verify([], fix: false);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Check(result, orphans);
            }
            double verify = Statistics.Median(samples);
            progress.WriteLine($"  verify: {verify:F2} ms (median of {VerifyRuns})");

            long fixStart = Stopwatch.GetTimestamp();
            var fixedResult = verifier.Verify([], fix: true);
            double fix = Stopwatch.GetElapsedTime(fixStart).TotalMilliseconds;
            if (!fixedResult.Clean || netlink.Links.List().Count != before - orphans)
                throw new InvalidOperationException($"bench: verify --fix left {fixedResult.Remaining.Count()} findings or deleted the wrong devices");
            progress.WriteLine($"  verify --fix: {fix:F1} ms for {orphans} orphans");

            // The reference: the same orphans (names) made again, deleted one `ip link del` each.
            Thread.Sleep(500); // let the kernel finish freeing the deleted devices off the clock
            netlink.Links.CreateManyWithUniqueIndexes(orphanSpecs.Take(referenceCount).ToList());
            var each = new List<double>(referenceCount);
            long first = Stopwatch.GetTimestamp();
            foreach (var spec in orphanSpecs.Take(referenceCount))
            {
                cancellation.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                IpCommand.Run("-n", name, "link", "del", spec.Name);
                each.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            double total = Stopwatch.GetElapsedTime(first).TotalMilliseconds;
            double median = Statistics.Median(each);
            double all = referenceCount == orphans ? total : median * orphans;
            progress.WriteLine($"  ip link del one by one: {median:F1} ms each, {referenceCount} in {total:F0} ms");
            return new SweepReport
            {
                Devices = count, Orphans = orphans, Others = others,
                VerifyMilliseconds = verify, VerifyRuns = VerifyRuns, FixMilliseconds = fix,
                OneByOneDevices = referenceCount, OneByOneMedianMilliseconds = median,
                OneByOneTotalMilliseconds = total, OneByOneAllOrphansMilliseconds = all,
            };
        }
        finally
        {
            ns.Dispose();
            NetworkNamespace.Delete(name);
            Directory.Delete(runtime, recursive: true);
        }
    }

    private static List<LinkSpec> Macvtaps(string prefix, int from, int count) =>
        Enumerable.Range(from, count).Select(i => (LinkSpec)new MacvlanLinkSpec { Name = $"{prefix}{i}", Lower = Lower }).ToList();

    /// <summary>Outside the timing's meaning but cheap: a verifier that found nothing would look fast.</summary>
    private static void Check(VerifyResult result, int orphans)
    {
        int found = result.Findings.Count(f => f.Kind == VerifyFindingKind.OrphanDevice);
        if (found != orphans || result.Findings.Count != orphans)
            throw new InvalidOperationException($"bench: verify found {found} orphans ({result.Findings.Count} findings), expected {orphans}");
    }
}
