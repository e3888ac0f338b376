using Tapyard.Bench.Support;

namespace Tapyard.Bench.Config;

/// <summary>
/// Wall time of whole `tapyard` processes, from start to exit, as a user at a shell sees it. The
/// output is read (and dropped) as a terminal would, so a process never blocks on a full pipe.
/// </summary>
internal sealed class CliTimer(IReadOnlyList<string> cli, string stateDirectory)
{
    /// <summary>
    /// Runs once untimed (page cache, the wrapper's freshness check), then <paramref name="runs"/> timed:
    /// the median wall time and the median CPU time (user + system) in ms. The wrapper script execs
    /// dotnet, so the child's CPU time is the CLI's (plus the wrapper's few ms).
    /// </summary>
    public (double WallMs, double CpuMs) Measure(IReadOnlyList<string> command, int runs, CancellationToken cancellation) =>
        ProcessTimer.Measure([.. cli, "--state-dir", stateDirectory, .. command], runs, cancellation);
}
