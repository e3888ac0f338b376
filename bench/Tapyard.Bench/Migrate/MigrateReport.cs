using Tapyard.Bench.Support;

namespace Tapyard.Bench.Migrate;

/// <summary>The same number of migrations through Tapyard and by hand, in one run, interleaved.</summary>
public sealed record MigrateReport(int Count, string Accelerator, IReadOnlyList<MigrationSample> Tapyard, IReadOnlyList<MigrationSample> ByHand)
{
    public static double MedianOf(IReadOnlyList<MigrationSample> samples, Func<MigrationSample, double> value) =>
        samples.Count == 0 ? 0 : Statistics.Median(samples.Select(value).ToList());

    public static int LostOf(IReadOnlyList<MigrationSample> samples) => samples.Sum(s => s.PingsLost);

    public static int SentOf(IReadOnlyList<MigrationSample> samples) => samples.Sum(s => s.PingsSent);
}
