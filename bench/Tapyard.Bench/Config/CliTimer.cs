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
    /// the median wall time and the median CPU time (user + system) in ms.
    /// </summary>
    public (double WallMs, double CpuMs) Measure(IReadOnlyList<string> command, int runs, CancellationToken cancellation)
    {
        Run(command, cancellation);
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            var (w, c) = Run(command, cancellation);
            wall.Add(w);
            cpu.Add(c);
        }
        return (Statistics.Median(wall), Statistics.Median(cpu));
    }

    private (double WallMs, double CpuMs) Run(IReadOnlyList<string> command, CancellationToken cancellation) =>
        // The wrapper script execs dotnet, so the child's CPU time is the CLI's (plus the wrapper's few ms).
        ProcessTimer.Run([.. cli, "--state-dir", stateDirectory, .. command], cancellation);
}
