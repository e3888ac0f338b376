using System.Collections;

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

    /// <summary>The fd numbers, in queue order, for QEMU's `fds=a:b:...`.</summary>
    public IReadOnlyList<int> FileDescriptors => _queues.Select(q => q.FileDescriptor).ToList();

    public IEnumerator<TapQueue> GetEnumerator() => _queues.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes every queue, concurrently when there are several (see <see cref="TapQueue.CloseAll"/>).</summary>
    public void Dispose() => TapQueue.CloseAll(_queues);

    internal static void DisposeAll(IReadOnlyCollection<TapQueue> queues) => TapQueue.CloseAll(queues);
}
