using System.Collections;
using Microsoft.Win32.SafeHandles;

namespace Tapyard.Linux.Tap;

/// <summary>The queue fds opened together on one device; disposing the set closes them all.</summary>
public sealed class TapQueueSet : IReadOnlyList<TapQueue>, IDisposable
{
    private readonly IReadOnlyList<TapQueue> _queues;

    internal TapQueueSet(string device, TapInterfaceFlags features, IReadOnlyList<TapQueue> queues)
    {
        Device = device;
        Features = features;
        _queues = queues;
    }

    /// <summary>The device's name in its namespace (for a tap created without a name: the one the kernel chose).</summary>
    public string Device { get; }

    /// <summary>What the driver supports (TUNGETFEATURES).</summary>
    public TapInterfaceFlags Features { get; }

    public int Count => _queues.Count;

    public TapQueue this[int index] => _queues[index];

    /// <summary>
    /// The queue fds in queue order, for handing them to QEMU (`fds=a:b:...` after dup2 in posix_spawn,
    /// or QMP getfd). Hold a reference on each across the hand-over (see <see cref="TapQueue.Handle"/>).
    /// </summary>
    public IReadOnlyList<SafeFileHandle> Handles => _queues.Select(q => q.Handle).ToList();

    /// <summary>
    /// The fd numbers, in queue order. Throws <see cref="ObjectDisposedException"/> once a queue is
    /// closed; to pass them to another process, hold <see cref="Handles"/> instead.
    /// </summary>
    public IReadOnlyList<int> FileDescriptors => _queues.Select(q => q.FileDescriptor).ToList();

    public IEnumerator<TapQueue> GetEnumerator() => _queues.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes every queue, concurrently when there are several (see <see cref="TapQueue.CloseAll"/>).</summary>
    public void Dispose() => TapQueue.CloseAll(_queues);

    internal static void DisposeAll(IReadOnlyCollection<TapQueue> queues) => TapQueue.CloseAll(queues);
}
