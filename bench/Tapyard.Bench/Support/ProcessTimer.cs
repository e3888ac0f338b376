using System.Diagnostics;
using Tapyard.Linux.Processes;

namespace Tapyard.Bench.Support;

/// <summary>
/// Wall and CPU time of whole processes (an argument vector), from start to exit, as a user at a shell
/// sees it. The output is read and dropped as a terminal would, so a process never blocks on a full pipe.
/// </summary>
internal static class ProcessTimer
{
    /// <summary>Runs once untimed (page cache), then <paramref name="runs"/> timed: median wall and median CPU (user + system) in ms.</summary>
    public static (double WallMs, double CpuMs) Measure(IReadOnlyList<string> argv, int runs, CancellationToken cancellation)
    {
        Run(argv, cancellation);
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            var (w, c) = Run(argv, cancellation);
            wall.Add(w);
            cpu.Add(c);
        }
        return (Statistics.Median(wall), Statistics.Median(cpu));
    }

    /// <summary>One run; throws with the program's error output when it exits non-zero.</summary>
    public static (double WallMs, double CpuMs) Run(IReadOnlyList<string> argv, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in argv.Skip(1))
            start.ArgumentList.Add(argument);
        var cpuBefore = ChildCpuTime.Now();
        long began = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        process.WaitForExit();
        double elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        output.Wait(cancellation);
        double cpu = (ChildCpuTime.Now() - cpuBefore).TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(' ', argv)}` exited {process.ExitCode}: {error.Result.Trim()}");
        return (elapsed, cpu);
    }
}
