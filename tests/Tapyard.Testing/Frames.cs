using System.Diagnostics;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;

namespace Tapyard.Testing;

/// <summary>Marked Ethernet frames: written to a queue fd as a guest would, found again by their marker.</summary>
public static class Frames
{
    /// <summary>IEEE 802 "local experimental" ethertype: nothing in the kernel reacts to it.</summary>
    private const ushort ExperimentalEtherType = 0x88B5;

    public static readonly MacAddress Broadcast = MacAddress.FromBytes([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    public static readonly TimeSpan Arrival = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(300);

    public static byte[] Marked(MacAddress destination, MacAddress source, string marker)
    {
        var frame = new byte[60];
        destination.CopyTo(frame.AsSpan(0, 6));
        source.CopyTo(frame.AsSpan(6, 6));
        frame[12] = ExperimentalEtherType >> 8;
        frame[13] = ExperimentalEtherType & 0xff;
        System.Text.Encoding.ASCII.GetBytes(marker).CopyTo(frame.AsSpan(14));
        return frame;
    }

    /// <summary>True when a frame containing <paramref name="needle"/> can be read from <paramref name="queue"/> within <paramref name="timeout"/>.</summary>
    public static bool Receives(this TapQueue queue, byte[] needle, TimeSpan timeout)
    {
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (!queue.TryReadFrame(buffer, timeout - clock.Elapsed, out int length))
                return false;
            if (buffer.AsSpan(0, length).IndexOf(needle) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>True when a frame with <paramref name="marker"/> can be read from <paramref name="queue"/> within <paramref name="timeout"/>.</summary>
    public static bool Receives(this TapQueue queue, string marker, TimeSpan timeout) =>
        queue.Receives(System.Text.Encoding.ASCII.GetBytes(marker), timeout);
}
