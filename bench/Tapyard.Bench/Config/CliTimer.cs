using System.Diagnostics;
using Tapyard.Bench.Support;

namespace Tapyard.Bench.Config;

/// <summary>
/// Wall time of whole `tapyard` processes, from start to exit, as a user at a shell sees it. The
/// output is read (and dropped) as a terminal would, so a process never blocks on a full pipe.
/// </summary>
internal sealed class CliTimer(IReadOnlyList<string> cli, string stateDirectory)
{
    /// <summary>Runs once untimed (page cache, the wrapper's freshness check), then <paramref name="runs"/> timed; the median in ms.</summary>
    public (double Median, int Samples) Measure(IReadOnlyList<string> command, int runs, CancellationToken cancellation)
    {
        Run(command, cancellation);
        var samples = new List<double>(runs);
        for (int i = 0; i < runs; i++)
            samples.Add(Run(command, cancellation));
        return (Statistics.Median(samples), runs);
    }

    private double Run(IReadOnlyList<string> command, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(cli[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in cli.Skip(1).Concat(["--state-dir", stateDirectory]).Concat(command))
            start.ArgumentList.Add(argument);
        long began = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {cli[0]}");
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        process.WaitForExit();
        double elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        output.Wait(cancellation);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"`tapyard {string.Join(' ', command)}` exited {process.ExitCode}: {error.Result.Trim()}");
        return elapsed;
    }
}
