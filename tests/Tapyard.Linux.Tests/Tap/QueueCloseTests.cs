using System.Diagnostics;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Tap;

/// <summary>
/// Closing a queue closes its fd at once, also while another thread waits in a read on it; a closed
/// queue refuses its fd number; a handle held by a spawner keeps the fd open until released.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class QueueCloseTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    [Fact]
    public void Dispose_wakes_a_reader_waiting_forever_and_the_fd_is_closed_when_it_returns()
    {
        using var ns = TestNamespace.Create("qclose");
        // Non-persistent: the tap exists exactly as long as a queue fd is open, a second witness besides /proc.
        var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "cls0", Options = new TapQueueOptions { MultiQueue = false } });
        var queue = queues[0];
        int fd = queue.FileDescriptor;
        Assert.True(IsOpenTunFdOf(fd, "cls0"));

        var reader = BlockedReader.Start(queue);
        var clock = Stopwatch.StartNew();
        queues.Dispose();
        var took = clock.Elapsed;

        Assert.True(took < Prompt, $"Dispose took {took}");
        Assert.False(IsOpenTunFdOf(fd, "cls0"), $"fd {fd} is still open after Dispose returned");
        Assert.False(Ip.LinkExists(ns.Name, "cls0"), "the tap still exists, so its last fd is still open");
        var error = reader.Outcome(Prompt);
        var closed = Assert.IsType<ObjectDisposedException>(error);
        Assert.Contains("cls0", closed.Message);
        Assert.Contains("closed", closed.Message);
    }

    [Fact]
    public void CloseAll_closes_every_queue_of_a_set_while_readers_wait_on_each()
    {
        using var ns = TestNamespace.Create("qcloseall");
        var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "cls1", Queues = 3 });
        var fds = queues.FileDescriptors;
        var readers = queues.Select(BlockedReader.Start).ToList();

        queues.Dispose(); // TapQueue.CloseAll underneath

        Assert.All(fds, fd => Assert.False(IsOpenTunFdOf(fd, "cls1"), $"fd {fd} is still open"));
        Assert.False(Ip.LinkExists(ns.Name, "cls1"));
        Assert.All(readers, reader => Assert.IsType<ObjectDisposedException>(reader.Outcome(Prompt)));
    }

    [Fact]
    public void A_macvtap_queue_closes_under_a_waiting_reader_too()
    {
        using var lab = MacvtapLab.Create("qclosemv", index: DeviceNode.UnusedIndex());
        var queues = MacvtapQueues.Open(lab.Namespace.Namespace, MacvtapLab.Macvtap, options: lab.Options);
        var queue = queues[0];
        int fd = queue.FileDescriptor;
        string opened = queue.OpenedPath;
        Assert.Equal(opened, FdTarget(fd));
        var reader = BlockedReader.Start(queue);

        queues.Dispose();

        Assert.NotEqual(opened, FdTarget(fd));
        Assert.IsType<ObjectDisposedException>(reader.Outcome(Prompt));
    }

    [Fact]
    public void A_closed_queue_refuses_its_fd_number_reads_and_writes()
    {
        using var ns = TestNamespace.Create("qclosed");
        var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "cls2" });
        var queue = queues[0];
        Assert.False(queue.IsClosed);
        queue.Dispose();
        queue.Dispose(); // idempotent

        Assert.True(queue.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => queue.FileDescriptor);
        Assert.Throws<ObjectDisposedException>(() => queues.FileDescriptors);
        Assert.Throws<ObjectDisposedException>(() => queue.TryReadFrame(new byte[2048], TimeSpan.Zero, out _));
        Assert.Throws<ObjectDisposedException>(() => queue.WriteFrame(new byte[60]));
        Assert.Contains("closed", queue.ToString());
        queues.Dispose();
    }

    [Fact]
    public void A_handle_held_for_a_spawn_keeps_the_fd_open_until_it_is_released()
    {
        using var ns = TestNamespace.Create("qhold");
        var queues = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = "cls3", Queues = 2 });
        Assert.Equal(queues.Select(q => q.Handle), queues.Handles);
        var handle = queues.Handles[1];
        int fd = queues[1].FileDescriptor;

        // What a spawner does around posix_spawn/dup2 or QMP getfd.
        bool added = false;
        handle.DangerousAddRef(ref added);
        Assert.Equal(fd, (int)handle.DangerousGetHandle());
        queues.Dispose();
        Assert.True(IsOpenTunFdOf(fd, "cls3"), "the fd was closed under a holder");
        Assert.Throws<ObjectDisposedException>(() => queues[1].FileDescriptor);
        handle.DangerousRelease();

        Assert.False(IsOpenTunFdOf(fd, "cls3"));
        Assert.False(Ip.LinkExists(ns.Name, "cls3"));
    }

    [Theory]
    [InlineData(LinuxErrno.EINVAL)]
    [InlineData(LinuxErrno.EFAULT)]
    [InlineData(LinuxErrno.EBADF)]
    public void A_failed_read_reports_its_errno_not_a_frame_too_long(int errno)
    {
        // A frame too long for the buffer is detected by the spare overflow byte (the kernel truncates
        // and succeeds); an errno from readv means something else and must say which.
        var error = TapQueue.ReadFailure("vtap9", errno);
        Assert.IsType<SystemCallException>(error);
        Assert.Equal(errno, error.Errno);
        Assert.Contains("vtap9", error.Message);
        Assert.DoesNotContain("did not fit", error.Message);
    }

    /// <summary>
    /// True when fd <paramref name="fd"/> of this process is a tun queue of <paramref name="device"/>
    /// (tun's fdinfo names the device): other tests may reuse a closed number for other files at once.
    /// </summary>
    private static bool IsOpenTunFdOf(int fd, string device)
    {
        try
        {
            return File.ReadAllLines($"/proc/self/fdinfo/{fd}").Contains($"iff:\t{device}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static string? FdTarget(int fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget;

    /// <summary>A thread blocked in TryReadFrame(Infinite) on a queue nobody writes to.</summary>
    private sealed class BlockedReader
    {
        private readonly Thread _thread;
        private Exception? _error;
        private bool _returned;

        private BlockedReader(TapQueue queue)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    // Frames the kernel sends on its own (none on a down tap) would end the wait: read on.
                    while (queue.TryReadFrame(new byte[65536], Timeout.InfiniteTimeSpan, out _)) { }
                    _returned = true;
                }
                catch (Exception e)
                {
                    _error = e;
                }
            }) { IsBackground = true, Name = "blocked reader" };
        }

        public static BlockedReader Start(TapQueue queue)
        {
            var reader = new BlockedReader(queue);
            reader._thread.Start();
            // Give it time to reach poll(2); Dispose must work whether it has or not.
            Thread.Sleep(200);
            Assert.True(reader._thread.IsAlive, $"the reader did not block: {reader._error}");
            return reader;
        }

        /// <summary>What ended the read: the exception, or null when it returned.</summary>
        public Exception? Outcome(TimeSpan timeout)
        {
            Assert.True(_thread.Join(timeout), "the reader is still blocked");
            Assert.False(_returned && _error is null, "TryReadFrame(Infinite) returned false");
            return _error;
        }
    }
}
