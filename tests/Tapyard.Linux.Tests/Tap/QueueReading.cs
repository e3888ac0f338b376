using System.Diagnostics;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>Reading marked frames from queues, skipping the kernel's own chatter.</summary>
internal static class QueueReading
{
    public static readonly TimeSpan Arrival = TimeSpan.FromSeconds(3);
    /// <summary>How long we watch to be sure a frame did NOT arrive somewhere.</summary>
    public static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(300);

    /// <summary>The first frame on <paramref name="queue"/> that carries <paramref name="marker"/>, or null.</summary>
    public static byte[]? WaitFor(this TapQueue queue, string marker, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || !queue.TryReadFrame(buffer, remaining, out int length))
                return null;
            if (EthernetFrame.Contains(buffer.AsSpan(0, length), marker))
                return buffer.AsSpan(0, length).ToArray();
        }
    }
}
