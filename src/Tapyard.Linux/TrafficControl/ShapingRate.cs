namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// A rate limit for one direction of one device, in bytes: the long-term rate, an optional higher
/// peak rate (HTB's ceil) and the bucket size (how much may pass at line rate after idling).
/// </summary>
public sealed record ShapingRate
{
    public ShapingRate(long bytesPerSecond, long? peakBytesPerSecond, long burstBytes)
    {
        if (bytesPerSecond < 1)
            throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "a rate is at least 1 byte/s");
        if (peakBytesPerSecond is { } peak && peak < bytesPerSecond)
            throw new ArgumentOutOfRangeException(nameof(peakBytesPerSecond), peak, "the peak cannot be below the rate");
        if (burstBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(burstBytes), burstBytes, "a burst is at least 1 byte");
        BytesPerSecond = bytesPerSecond;
        PeakBytesPerSecond = peakBytesPerSecond;
        BurstBytes = burstBytes;
    }

    public long BytesPerSecond { get; }
    public long? PeakBytesPerSecond { get; }
    public long BurstBytes { get; }
}
