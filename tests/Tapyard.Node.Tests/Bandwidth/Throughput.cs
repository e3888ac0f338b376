using System.Diagnostics;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;

namespace Tapyard.Node.Tests.Bandwidth;

/// <summary>
/// Measures what gets through: one thread writes frames to a queue fd at a paced offered rate, this
/// one reads them from another and counts the bytes that arrive after a warm-up (the bucket's first
/// burst passes at line rate), as a guest's NIC would see them.
/// </summary>
internal static class Throughput
{
    public const int FrameBytes = 1000;

    /// <summary>Writes of the last measurement that waited 5 s for room (diagnostics for a failure message).</summary>
    [ThreadStatic] public static int Stalls;
    private const ushort ExperimentalEtherType = 0x88B5;

    public static double BytesPerSecond(TapQueue writer, TapQueue reader, MacAddress destination, MacAddress source,
        double offeredBytesPerSecond, TimeSpan warmUp, TimeSpan window)
    {
        var frame = new byte[FrameBytes];
        destination.CopyTo(frame.AsSpan(0, 6));
        source.CopyTo(frame.AsSpan(6, 6));
        frame[12] = ExperimentalEtherType >> 8;
        frame[13] = ExperimentalEtherType & 0xff;

        int stalls = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sender = new Thread(() =>
        {
            long sent = 0;
            while (!stop.IsCancellationRequested)
            {
                // Paced, not flat out: the machine is shared, and a queue that drops the excess must not
                // be measured as the sender's CPU limit.
                double due = offeredBytesPerSecond * clock.Elapsed.TotalSeconds;
                if (sent + FrameBytes > due)
                {
                    Thread.Sleep(1);
                    continue;
                }
                try
                {
                    writer.WriteFrame(frame);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (Tapyard.Linux.Errors.SystemCallException)
                {
                    // The queue's send buffer stayed full (a shaped device holds the guest's frames
                    // until they may go): a guest would wait too; try again.
                    Interlocked.Increment(ref stalls);
                    continue;
                }
                sent += FrameBytes;
            }
        }) { IsBackground = true, Name = "bandwidth sender" };
        sender.Start();

        var buffer = new byte[65536];
        long counted = 0;
        var end = warmUp + window;
        try
        {
            while (clock.Elapsed < end)
            {
                if (!reader.TryReadFrame(buffer, TimeSpan.FromMilliseconds(100), out int length))
                    continue;
                if (clock.Elapsed >= warmUp && buffer[12] == ExperimentalEtherType >> 8 && buffer[13] == (ExperimentalEtherType & 0xff))
                    counted += length;
            }
        }
        finally
        {
            stop.Cancel();
            // Keep draining until the sender is done: frames a bridge-mode sibling has not read yet
            // still count against the sender's socket buffer, and would block its last write.
            while (!sender.Join(0))
                reader.TryReadFrame(buffer, TimeSpan.FromMilliseconds(10), out _);
        }
        Stalls = stalls;
        return counted / window.TotalSeconds;
    }
}
