using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// One queue of a macvtap or tap device: an fd on which each read returns one frame and each write
/// sends one. The fd is non-blocking (QEMU sets O_NONBLOCK on tap fds it receives anyway, and a
/// non-blocking read after poll can never hang when another reader took the frame first) and
/// close-on-exec (a spawner hands it to QEMU deliberately, through <see cref="Handle"/>).
/// Reads and writes hide the virtio-net header when it is on: callers see plain Ethernet frames.
/// </summary>
/// <remarks>
/// <see cref="Dispose"/> closes the fd before it returns, also while another thread waits in
/// <see cref="TryReadFrame"/> or <see cref="WriteFrame"/>: a waiting call polls the queue together
/// with an eventfd of its own, which Dispose signals; the waiter wakes at once and throws
/// <see cref="ObjectDisposedException"/>, and Dispose closes the fd once no call is using it. The
/// eventfd is made by the first call that has to wait, so queues nobody reads cost no extra fd.
/// (Polling in bounded slices and checking for closure in between was the alternative: it would
/// either keep a closed queue's fd open for up to a slice, or wake every idle reader many times a
/// second.)
/// </remarks>
public sealed class TapQueue : IDisposable
{
    public const int MinimumVnetHeaderSize = 10;
    public const int MaximumVnetHeaderSize = 64;

    // A zeroed header means: no checksum offload, no segmentation (VIRTIO_NET_HDR_GSO_NONE), one buffer.
    private static readonly byte[] ZeroHeader = new byte[MaximumVnetHeaderSize];
    private static readonly TimeSpan WriteStallLimit = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private bool _closed;
    private int _busy;              // reads and writes in progress; Dispose waits for them to leave
    private SafeFileHandle? _wake;  // eventfd: signalled by Dispose, polled by every wait

    internal TapQueue(SafeFileHandle handle, string device, TapInterfaceFlags flags, int vnetHeaderSize, string openedPath, bool privateNode = false)
    {
        Handle = handle;
        Device = device;
        Flags = flags;
        VnetHeaderSize = vnetHeaderSize;
        OpenedPath = openedPath;
        OpenedThroughPrivateNode = privateNode;
    }

    /// <summary>
    /// The queue's fd, for handing it to another process (posix_spawn with dup2, QMP getfd). Hold a
    /// reference across the hand-over (<c>DangerousAddRef</c> before taking <c>DangerousGetHandle</c>,
    /// <c>DangerousRelease</c> after the child has its copy): the number cannot then be closed and
    /// reused meanwhile, and a queue disposed in between closes its fd only after the release.
    /// Close the queue with <see cref="Dispose"/>, not through this handle.
    /// </summary>
    public SafeFileHandle Handle { get; }

    /// <summary>
    /// The raw fd number, for logs and for QEMU's `-netdev tap,fd=N` once the fd is held (see
    /// <see cref="Handle"/>). Throws <see cref="ObjectDisposedException"/> once the queue is closed:
    /// the number may then belong to another file.
    /// </summary>
    public int FileDescriptor
    {
        get
        {
            if (IsClosed)
                throw Closed("its fd number is no longer valid");
            return (int)Handle.DangerousGetHandle();
        }
    }

    /// <summary>True once <see cref="Dispose"/> (or a dispose of <see cref="Handle"/>) closed the queue.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
                return _closed || Handle.IsClosed;
        }
    }

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
    /// <exception cref="ObjectDisposedException">The queue is closed, or was closed while the write waited for room.</exception>
    public unsafe void WriteFrame(ReadOnlySpan<byte> ethernetFrame)
    {
        int fd = Enter();
        try
        {
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
            Leave();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: forever) for one
    /// frame and copies it, without virtio-net header, into <paramref name="buffer"/>. The buffer must
    /// hold the largest frame (MTU + 18 bytes for Ethernet and a VLAN tag): a frame that does not fit
    /// is consumed anyway, and this method then throws.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The queue is closed, or was closed while this call waited.</exception>
    public unsafe bool TryReadFrame(Span<byte> buffer, TimeSpan timeout, out int length)
    {
        length = 0;
        int fd = Enter();
        try
        {
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
                    if (errno != LinuxErrno.EAGAIN)
                        throw ReadFailure(Device, errno);
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
            Leave();
        }
    }

    /// <summary>
    /// Closes the fd. A read or write waiting on the queue in another thread wakes at once and throws
    /// <see cref="ObjectDisposedException"/>; the fd is closed before this returns (unless someone
    /// still holds a reference on <see cref="Handle"/>: then when they release it). Idempotent.
    /// </summary>
    public void Dispose()
    {
        SafeFileHandle? wake;
        lock (_gate)
        {
            if (_closed)
                return;
            _closed = true;
            wake = _wake;
            if (wake is not null)
                Signal(wake);
            while (_busy > 0)
                Monitor.Wait(_gate);
        }
        Handle.Dispose();
        wake?.Dispose();
    }

    /// <summary>
    /// Closes many queues at once. Closing a macvtap queue waits for an RCU grace period in the kernel
    /// (tap_put_queue calls synchronize_rcu, ~15 ms here), so closing them one after another costs
    /// that much per queue; closes running concurrently share grace periods (measured: 200 queues,
    /// 13 ms each one by one, 0.3 ms each over 64 threads). The threads mostly sleep in the kernel.
    /// Every fd is closed when this returns, also those a reader was waiting on (see <see cref="Dispose"/>).
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

    public override string ToString()
    {
        lock (_gate)
            return _closed || Handle.IsClosed ? $"closed queue of {Device}" : $"queue fd {(int)Handle.DangerousGetHandle()} of {Device}";
    }

    /// <summary>
    /// How a failed readv(2) is reported: with its errno. A frame too long for the buffer is not one
    /// of them (the kernel truncates it and succeeds; the spare overflow byte detects that).
    /// </summary>
    internal static SystemCallException ReadFailure(string device, int errno) =>
        new($"reading a frame from {device}", errno);

    /// <summary>Registers a read or write: the fd stays open until <see cref="Leave"/>.</summary>
    private int Enter()
    {
        lock (_gate)
        {
            if (_closed)
                throw Closed("it cannot be read or written");
            bool added = false;
            Handle.DangerousAddRef(ref added); // throws ObjectDisposedException when the handle itself was disposed
            _busy++;
            return (int)Handle.DangerousGetHandle();
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            // Released first, so that Dispose, woken below, closes the fd itself (the last reference).
            Handle.DangerousRelease();
            if (--_busy == 0 && _closed)
                Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// poll(2) for one event on the queue, and on the wake eventfd; true when the queue is ready (or
    /// in error: the next syscall reports why), false on timeout. Throws when Dispose woke it.
    /// </summary>
    private unsafe bool WaitFor(int fd, short events, TimeSpan timeout)
    {
        var polls = stackalloc Interop.Libc.PollFd[2];
        polls[0] = new Interop.Libc.PollFd { Fd = fd, Events = events };
        polls[1] = new Interop.Libc.PollFd { Fd = WakeDescriptor(), Events = Interop.Libc.PollIn };
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        while (true)
        {
            int ready = Interop.Libc.Poll(polls, 2, milliseconds);
            if (ready >= 0)
            {
                if (polls[1].ReturnedEvents != 0)
                    throw Closed("it was closed while a read or write waited on it");
                return polls[0].ReturnedEvents != 0;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno != LinuxErrno.EINTR)
                throw new SystemCallException($"waiting on {Device}", errno);
        }
    }

    /// <summary>The wake eventfd, made on first use. Only called between Enter and Leave, so Dispose cannot close it meanwhile.</summary>
    private int WakeDescriptor()
    {
        lock (_gate)
        {
            if (_closed)
                throw Closed("it was closed while a read or write waited on it");
            if (_wake is null)
            {
                int fd = Interop.Libc.Eventfd(0, Interop.Libc.EventfdNonBlocking | Interop.Libc.EventfdCloseOnExec);
                if (fd < 0)
                    throw SystemCallException.FromLastError($"making an eventfd to wait on {Device}");
                _wake = new SafeFileHandle(fd, ownsHandle: true);
            }
            return (int)_wake.DangerousGetHandle();
        }
    }

    /// <summary>Adds 1 to the eventfd's counter: it stays readable from then on, so every waiter, present or later, wakes.</summary>
    private static unsafe void Signal(SafeFileHandle wake)
    {
        ulong one = 1;
        // Cannot fail short of a counter overflow (it is written once) or a bad fd (it is ours and open).
        Interop.Libc.Write((int)wake.DangerousGetHandle(), (byte*)&one, sizeof(ulong));
    }

    private ObjectDisposedException Closed(string consequence) =>
        new(nameof(TapQueue), $"the queue of {Device} is closed; {consequence}");
}
