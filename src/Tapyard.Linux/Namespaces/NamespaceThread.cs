using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Namespaces;

/// <summary>
/// A dedicated OS thread that lives inside one network namespace, so the rest of the process never
/// moves. It also gets a private mount namespace with sysfs mounted afresh: /sys/class/net shows the
/// devices of the namespace that mounted sysfs, so reading a macvtap's sysfs (its char device
/// numbers) needs a sysfs mounted from inside the namespace, as `ip netns exec` does.
/// Dispose is idempotent and may be called from any thread, the namespace thread included (it then
/// returns at once and the thread ends after the current work item). Work that was queued before
/// Dispose still runs; work sent afterwards fails with <see cref="NamespaceClosedException"/>.
/// </summary>
internal sealed class NamespaceThread : IDisposable
{

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly string _description;
    private readonly Lock _gate = new();
    private bool _disposed;

    public NamespaceThread(string namespacePath, string description)
    {
        _description = description;
        ExceptionDispatchInfo? startFailure = null;
        using var started = new ManualResetEventSlim();
        _thread = new Thread(() =>
        {
            try
            {
                try
                {
                    Enter(namespacePath);
                }
                catch (Exception e)
                {
                    startFailure = ExceptionDispatchInfo.Capture(e);
                    started.Set();
                    return;
                }
                started.Set();
                // Ends once Dispose completed adding and the queue is drained.
                foreach (var item in _work.GetConsumingEnumerable())
                    item();
            }
            finally
            {
                // The thread owns the queue's disposal: only it knows when nobody reads the queue any more.
                _work.Dispose();
            }
        })
        {
            IsBackground = true,
            Name = $"netns {description}",
        };
        _thread.Start();
        started.Wait();
        startFailure?.Throw();
    }

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    public T Run<T>(Func<T> work)
    {
        if (IsCurrentThread)
        {
            lock (_gate)
            {
                if (_disposed)
                    throw new NamespaceClosedException(_description);
            }
            return work();
        }
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        lock (_gate)
        {
            // Added under the lock that Dispose completes adding under: an item is either queued before
            // the end (and runs: the thread drains the queue) or refused here, never lost.
            if (_disposed)
                throw new NamespaceClosedException(_description);
            _work.Add(() =>
            {
                try { result = work(); }
                catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
                finally { done.Set(); }
            });
        }
        done.Wait();
        failure?.Throw();
        return result;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _work.CompleteAdding();
        }
        // On the namespace thread itself (work that disposes its own namespace) there is nothing to
        // wait for: the loop ends after this item.
        if (!IsCurrentThread)
            _thread.Join();
    }

    /// <summary>Waits for the thread to end (tests: it ends after Dispose).</summary>
    internal bool WaitForExit(TimeSpan timeout) => _thread.Join(timeout);

    private void Enter(string namespacePath)
    {
        int fd = Interop.Libc.Open(namespacePath, Interop.OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
            throw SystemCallException.FromLastError($"opening network namespace {_description}", LinuxCapability.SysAdmin);
        try
        {
            if (Interop.Libc.Setns(fd, Interop.CloneFlags.CLONE_NEWNET) != 0)
                throw SystemCallException.FromLastError($"entering network namespace {_description}", LinuxCapability.SysAdmin);
        }
        finally
        {
            Interop.Libc.Close(fd);
        }
        if (Interop.Libc.Unshare(Interop.CloneFlags.CLONE_NEWNS) != 0)
            throw SystemCallException.FromLastError($"creating a private mount namespace for {_description}", LinuxCapability.SysAdmin);
        // Slave, so our sysfs remount never propagates back to the host's mount table.
        if (Interop.Libc.Mount(null, "/", null, Interop.MountFlags.MS_SLAVE | Interop.MountFlags.MS_REC, 0) != 0)
            throw SystemCallException.FromLastError("making / a slave mount");
        Interop.Libc.Umount2("/sys", Interop.MountFlags.MNT_DETACH);
        if (Interop.Libc.Mount(_description, "/sys", "sysfs", 0, 0) != 0)
            throw SystemCallException.FromLastError($"mounting sysfs for network namespace {_description}", LinuxCapability.SysAdmin);
    }
}
