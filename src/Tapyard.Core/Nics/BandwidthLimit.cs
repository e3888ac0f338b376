using System.Globalization;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Nics;

/// <summary>
/// A rate limit for one direction of a NIC, in libvirt's units (its &lt;inbound&gt;/&lt;outbound&gt;
/// attributes and Nova's quota:vif_* keys): <see cref="Average"/> and <see cref="Peak"/> in
/// kilobytes per second, <see cref="Burst"/> in kilobytes. Written "average[:peak[:burst]]"
/// (nicparams bw_in / bw_out). Libvirt hands these to tc as "kbps" (1000 bytes/s) and "kb"
/// (1024 bytes); Tapyard's own shaping uses the same conversion so both paths agree.
/// </summary>
public sealed record BandwidthLimit
{
    /// <summary>libvirt stores these as unsigned long long; keep well inside it and inside tc's 64-bit byte rates.</summary>
    public const long MaxValue = 1L << 40;

    public long Average { get; }
    public long? Peak { get; }
    public long? Burst { get; }

    public BandwidthLimit(long average, long? peak = null, long? burst = null)
    {
        if (Problem(average, peak, burst) is { } problem)
            throw new TapyardException($"invalid bandwidth limit {Format(average, peak, burst)}: {problem}");
        Average = average;
        Peak = peak;
        Burst = burst;
    }

    /// <summary>Average in bytes per second, as libvirt's "kbps" means to tc.</summary>
    public long AverageBytesPerSecond => Average * 1000;

    public long? PeakBytesPerSecond => Peak * 1000;

    public long? BurstBytes => Burst * 1024;

    /// <summary>Why these values cannot form a limit, or null.</summary>
    public static string? Problem(long average, long? peak, long? burst)
    {
        if (average < 1)
            return "the average must be at least 1 (kilobytes per second)";
        if (average > MaxValue || peak > MaxValue || burst > MaxValue)
            return $"values above {MaxValue} are not accepted";
        if (peak is { } p && p < average)
            return $"the peak ({p}) is below the average ({average})";
        if (burst is < 1)
            return "the burst must be at least 1 (kilobytes)";
        return null;
    }

    /// <summary>
    /// Parses "average[:peak[:burst]]", e.g. "1000", "1000:2000", "1000:2000:512" or "1000::512"
    /// (burst without peak). <paramref name="key"/> names the parameter in errors ("bw_in").
    /// </summary>
    public static BandwidthLimit Parse(string text, string key)
    {
        string usage = $"use {key}=AVERAGE[:PEAK[:BURST]] (kilobytes per second, burst in kilobytes), e.g. {key}=1000:2000:512";
        var parts = text.Split(':');
        if (parts.Length > 3)
            throw new TapyardException($"{key} '{text}' has {parts.Length} parts; {usage}");
        long? Number(int index, string name, bool optional)
        {
            if (index >= parts.Length || (optional && parts[index].Length == 0))
                return null;
            if (!long.TryParse(parts[index], NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw new TapyardException($"{key} {name} '{parts[index]}' is not a whole number; {usage}");
            return value;
        }
        long average = Number(0, "average", optional: false)!.Value;
        long? peak = Number(1, "peak", optional: true);
        long? burst = Number(2, "burst", optional: true);
        if (Problem(average, peak, burst) is { } problem)
            throw new TapyardException($"{key} '{text}': {problem}; {usage}");
        return new BandwidthLimit(average, peak, burst);
    }

    public static string Format(long average, long? peak, long? burst) =>
        burst is null
            ? (peak is null ? $"{average}" : $"{average}:{peak}")
            : $"{average}:{peak}:{burst}";

    /// <summary>The nicparam spelling, round-tripping through <see cref="Parse"/>.</summary>
    public override string ToString() => Format(Average, Peak, Burst);
}
