namespace Tapyard.Bench.Sweep;

/// <summary>The figures of one `tapyard bench sweep` run.</summary>
public sealed record SweepReport
{
    public required int Devices { get; init; }
    public required int Orphans { get; init; }
    public required int Others { get; init; }
    /// <summary>Median of the timed in-process verify runs (dump + records + checks), milliseconds.</summary>
    public required double VerifyMilliseconds { get; init; }
    public required int VerifyRuns { get; init; }
    /// <summary>One `verify --fix` run: dump, checks, one bulk delete of every orphan, milliseconds.</summary>
    public required double FixMilliseconds { get; init; }
    /// <summary>How many of the orphans were made again and deleted by one `ip link del` each (fewer than all when the run would be long).</summary>
    public required int OneByOneDevices { get; init; }
    public required double OneByOneMedianMilliseconds { get; init; }
    public required double OneByOneTotalMilliseconds { get; init; }
    /// <summary>The one-by-one cost of all the orphans: measured when all were deleted, else median × orphans.</summary>
    public required double OneByOneAllOrphansMilliseconds { get; init; }
    public bool OneByOneProjected => OneByOneDevices < Orphans;
    public double FixSpeedup => OneByOneAllOrphansMilliseconds / FixMilliseconds;

    public const double VerifyTargetMilliseconds = 50;
    public const double FixSpeedupTarget = 30;
}
