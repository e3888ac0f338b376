using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// One queue of a macvtap or tap device: an fd on which each read returns one frame and each write
/// sends one. The fd is non-blocking (QEMU sets O_NONBLOCK on tap fds it receives anyway, and a
/// non-blocking read after poll can never hang when another reader took the frame first) and
/// close-on-exec (a spawner hands it to QEMU deliberately, by <see cref="FileDescriptor"/>).
/// Reads and writes hide the virtio-net header when it is on: callers see plain Ethernet frames.
/// </summary>
public sealed class TapQueue : IDisposable
{
    public const int MinimumVnetHeaderSize = 10;
    public const int MaximumVnetHeaderSize = 64;

    // A zeroed header means: no checksum offload, no segmentation (VIRTIO_NET_HDR_GSO_NONE), one buffer.
    private static readonly byte[] ZeroHeader = new byte[MaximumVnetHeaderSize];

    internal TapQueue(SafeFileHandle handle, string device, TapInterfaceFlags flags, int vnetHeaderSize, string openedPath, bool privateNode = false)
    {
        Handle = handle;
        Device = device;
        Flags = flags;
        VnetHeaderSize = vnetHeaderSize;
        OpenedPath = openedPath;
        OpenedThroughPrivateNode = privateNode;
    }

    public SafeFileHandle Handle { get; }

    /// <summary>The raw fd number, for handing the queue to QEMU (`-netdev tap,fd=N`).</summary>
    public int FileDescriptor => (int)Handle.DangerousGetHandle();

    /// <summary>The device this queue belongs to, as named in its own namespace.</summary>
    public string Device { get; }

    /// <summary>The queue's flags as TUNGETIFF reported them after setup.</summary>
    public TapInterfaceFlags Flags { get; }

    public bool VnetHeader => VnetHeaderSize > 0;

    /// <summary>Bytes of virtio-net header before each frame on the fd; 0 when IFF_VNET_HDR is off.</summary>
    public int VnetHeaderSize { get; }

    /// <summary>
    /// The path that was opened: /dev/tapN, /dev/net/tun, or a private node in the runtime directory
    /// (already unlinked) when /dev/tapN was missing or belonged to another namespace's device.
    /// </summary>
    public string OpenedPath { get; }

    /// <summary>True when /dev/tapN could not be trusted and a private node (now unlinked) was opened instead.</summary>
    public bool OpenedThroughPrivateNode { get; }

    /// <summary>Sends one Ethernet frame (destination MAC first), prepending a zeroed virtio-net header when it is on.</summary>
    public unsafe void WriteFrame(ReadOnlySpan<byte> ethernetFrame)
    {
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            int fd = FileDescriptor;
            fixed (byte* header = ZeroHeader)
            fixed (byte* frame = ethernetFrame)
            {
                var vectors = stackalloc Interop.Libc.IoVector[2];
                vectors[0] = new Interop.Libc.IoVector { Base = header, Length = (nuint)VnetHeaderSize };
                vectors[1] = new Interop.Libc.IoVector { Base = frame, Length = (nuint)ethernetFrame.Length };
                var first = VnetHeader ? vectors : vectors + 1;
                int count = VnetHeader ? 2 : 1;
                while (true)
                {
                    if (Interop.Libc.Writev(fd, first, count) >= 0)
                        return;
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LinuxErrno.EINTR)
                        continue;
                    // The socket send buffer is full: wait until the kernel drains it rather than drop.
                    if (errno == LinuxErrno.EAGAIN && WaitFor(fd, Interop.Libc.PollOut, WriteStallLimit))
                        continue;
                    throw new SystemCallException($"writing a frame of {ethernetFrame.Length} bytes to {Device}", errno);
                }
            }
        }
        finally
        {
            if (added)
                Handle.DangerousRelease();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: forever) for one
    /// frame and copies it, without virtio-net header, into <paramref name="buffer"/>. The buffer must
    /// hold the largest frame (MTU + 18 bytes for Ethernet and a VLAN tag): a frame that does not fit
    /// is consumed anyway, and this method then throws.
    /// </summary>
    public unsafe bool TryReadFrame(Span<byte> buffer, TimeSpan timeout, out int length)
    {
        length = 0;
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            int fd = FileDescriptor;
            byte* header = stackalloc byte[MaximumVnetHeaderSize];
            var deadline = timeout == Timeout.InfiniteTimeSpan ? (long?)null : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            // One spare byte after the caller's buffer: the kernel silently cuts a frame to what fits,
            // so a frame that reaches the spare byte is known to be too long.
            byte overflow;
            fixed (byte* frame = buffer)
            {
                var vectors = stackalloc Interop.Libc.IoVector[3];
                vectors[0] = new Interop.Libc.IoVector { Base = header, Length = (nuint)VnetHeaderSize };
                vectors[1] = new Interop.Libc.IoVector { Base = frame, Length = (nuint)buffer.Length };
                vectors[2] = new Interop.Libc.IoVector { Base = &overflow, Length = 1 };
                var first = VnetHeader ? vectors : vectors + 1;
                int count = VnetHeader ? 3 : 2;
                while (true)
                {
                    nint read = Interop.Libc.Readv(fd, first, count);
                    if (read >= 0)
                    {
                        if (read - VnetHeaderSize > buffer.Length)
                            throw new TapyardLinuxException(
                                $"a frame on {Device} did not fit a {buffer.Length}-byte buffer and was dropped; pass a buffer of at least MTU + 18 bytes");
                        length = (int)read - VnetHeaderSize;
                        return true;
                    }
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LinuxErrno.EINTR)
                        continue;
                    if (errno == LinuxErrno.EFAULT || errno == LinuxErrno.EINVAL)
                        throw new TapyardLinuxException(
                            $"a frame on {Device} did not fit a {buffer.Length}-byte buffer and was dropped; pass a buffer of at least MTU + 18 bytes", errno);
                    if (errno != LinuxErrno.EAGAIN)
                        throw new SystemCallException($"reading a frame from {Device}", errno);
                    // Nothing queued: wait, then read again (a poll that timed out leads to one last EAGAIN here).
                    var remaining = deadline is { } end ? Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end) : Timeout.InfiniteTimeSpan;
                    if (deadline is not null && remaining <= TimeSpan.Zero)
                        return false;
                    WaitFor(fd, Interop.Libc.PollIn, remaining);
                }
            }
        }
        finally
        {
            if (added)
                Handle.DangerousRelease();
        }
    }

    public void Dispose() => Handle.Dispose();

    /// <summary>
    /// Closes many queues at once. Closing a macvtap queue waits for an RCU grace period in the kernel
    /// (tap_put_queue calls synchronize_rcu, ~15 ms here), so closing them one after another costs
    /// that much per queue; closes running concurrently share grace periods (measured: 200 queues,
    /// 13 ms each one by one, 0.3 ms each over 64 threads). The threads mostly sleep in the kernel.
    /// </summary>
    public static void CloseAll(IReadOnlyCollection<TapQueue> queues, int maxThreads = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        if (queues.Count <= 1)
        {
            foreach (var queue in queues)
                queue.Dispose();
            return;
        }
        var pending = new System.Collections.Concurrent.ConcurrentQueue<TapQueue>(queues);
        var threads = new Thread[Math.Min(maxThreads, queues.Count)];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(() =>
            {
                while (pending.TryDequeue(out var queue))
                    queue.Dispose();
            }, maxStackSize: 256 * 1024) { IsBackground = true, Name = "tap queue close" };
            threads[i].Start();
        }
        foreach (var thread in threads)
            thread.Join();
    }

    public override string ToString() => $"queue fd {FileDescriptor} of {Device}";

    private static readonly TimeSpan WriteStallLimit = TimeSpan.FromSeconds(5);

    /// <summary>poll(2) for one event; true when it is ready (or in error: the next syscall reports why).</summary>
    private unsafe bool WaitFor(int fd, short events, TimeSpan timeout)
    {
        var poll = new Interop.Libc.PollFd { Fd = fd, Events = events };
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        while (true)
        {
            int ready = Interop.Libc.Poll(&poll, 1, milliseconds);
            if (ready >= 0)
                return ready > 0;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LinuxErrno.EINTR)
                throw new SystemCallException($"waiting on {Device}", errno);
        }
    }
}
