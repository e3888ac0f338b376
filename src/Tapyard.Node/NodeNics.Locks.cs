using Tapyard.Linux.Files;

namespace Tapyard.Node;

/// <summary>NodeNics' per-instance lock (see <see cref="InstanceLocks"/>): Plug, Unplug, SweepInstance and SetUp/SetDown take it first.</summary>
public sealed partial class NodeNics
{
    private InstanceLocks? _locks;

    private FileLock LockInstance(string instance) => (_locks ??= new InstanceLocks(_runtimeDirectory, Node)).Acquire(instance);
}
