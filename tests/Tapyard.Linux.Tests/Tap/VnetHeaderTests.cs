using System.Diagnostics;
using System.Runtime.InteropServices;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>IFF_VNET_HDR and TUNSETVNETHDRSZ change what the fd carries; TapQueue hides the header either way.</summary>
[Trait("Category", "Kernel")]
public sealed class VnetHeaderTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 10)]
    [InlineData(true, 12)]
    public void The_header_setting_decides_what_a_raw_read_returns(bool vnetHeader, int size)
    {
        using var lab = MacvtapLab.Create("vnet");
        using var queues = lab.OpenQueues(options: lab.Options with { VnetHeader = vnetHeader, VnetHeaderSize = size == 0 ? 12 : size });
        var queue = queues[0];
        Assert.Equal(size, queue.VnetHeaderSize);
        Assert.Equal(vnetHeader, queue.Flags.HasFlag(TapInterfaceFlags.VnetHeader));
        using var wire = lab.OpenPeerSocket();

        var sent = EthernetFrame.Marked(lab.MacvtapMac, lab.PeerMac, $"raw-{size}");
        wire.Send(sent);
        var raw = ReadRawUntil(queue, $"raw-{size}");
        Assert.Equal(size + sent.Length, raw.Length);
        Assert.Equal(sent, raw[size..]);

        // TapQueue's own read strips exactly that header.
        var again = EthernetFrame.Marked(lab.MacvtapMac, lab.PeerMac, $"stripped-{size}");
        wire.Send(again);
        Assert.Equal(again, queue.WaitFor($"stripped-{size}", QueueReading.Arrival));

        // And a write puts the frame on the wire unchanged, header or not.
        var written = EthernetFrame.Marked(EthernetFrame.Broadcast, lab.MacvtapMac, $"written-{size}");
        queue.WriteFrame(written);
        Assert.Equal(written, wire.WaitFor($"written-{size}", QueueReading.Arrival));
    }

    [Fact]
    public void A_buffer_too_small_for_the_frame_is_reported()
    {
        using var lab = MacvtapLab.Create("small");
        using var queues = lab.OpenQueues();
        using var wire = lab.OpenPeerSocket();
        wire.Send(EthernetFrame.Marked(lab.MacvtapMac, lab.PeerMac, "does-not-fit"));
        var error = Assert.Throws<TapyardLinuxException>(() => queues[0].TryReadFrame(new byte[20], QueueReading.Arrival, out _));
        Assert.Contains(MacvtapLab.Macvtap, error.Message);
        Assert.Contains("buffer", error.Message);
    }

    [Fact]
    public void A_read_with_nothing_queued_times_out()
    {
        using var lab = MacvtapLab.Create("idle");
        using var queues = lab.OpenQueues();
        var clock = Stopwatch.StartNew();
        // The macvtap may see stray frames (none are sent here, but be lenient): only a timeout ends a false return.
        bool got = queues[0].TryReadFrame(new byte[2048], TimeSpan.FromMilliseconds(150), out int length);
        if (!got)
        {
            Assert.Equal(0, length);
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Plain read(2) on the fd, skipping frames that do not carry the marker.</summary>
    private static unsafe byte[] ReadRawUntil(TapQueue queue, string marker)
    {
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < QueueReading.Arrival)
        {
            nint read;
            fixed (byte* bytes = buffer)
                read = Interop.Libc.Read(queue.FileDescriptor, bytes, buffer.Length);
            if (read > 0 && EthernetFrame.Contains(buffer.AsSpan(0, (int)read), marker))
                return buffer.AsSpan(0, (int)read).ToArray();
            if (read < 0 && Marshal.GetLastPInvokeError() != LinuxErrno.EAGAIN)
                Assert.Fail($"read failed: errno {Marshal.GetLastPInvokeError()}");
            var poll = new Interop.Libc.PollFd { Fd = queue.FileDescriptor, Events = Interop.Libc.PollIn };
            Interop.Libc.Poll(&poll, 1, 100);
        }
        Assert.Fail($"no frame with {marker} arrived");
        return [];
    }
}
