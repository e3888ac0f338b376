using System.Diagnostics;
using Tapyard.Bench.Support;

namespace Tapyard.Bench.Plug;

/// <summary>Turns timed work into a <see cref="Measurement"/>: per-device samples give a median, one batch a mean.</summary>
internal static class Timing
{
    public static Measurement Batch(string tool, string phase, int devices, Action work)
    {
        long start = Stopwatch.GetTimestamp();
        work();
        double total = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return new Measurement(tool, phase, "mean", total / devices, total / 1000);
    }

    public static Measurement EachDevice(string tool, string phase, IReadOnlyList<BenchDevice> devices, CancellationToken cancellation,
        Action<BenchDevice> work)
    {
        var samples = new List<double>(devices.Count);
        long first = Stopwatch.GetTimestamp();
        foreach (var device in devices)
        {
            cancellation.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            work(device);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        return new Measurement(tool, phase, "median", Statistics.Median(samples), Stopwatch.GetElapsedTime(first).TotalMilliseconds);
    }
}
