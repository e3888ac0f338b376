namespace Tapyard.Hypervisors.Qmp;

/// <summary>The answer of `add-fd`: the fd set the file joined and the fd number QEMU gave it (usable as /dev/fdset/ID).</summary>
public readonly record struct QmpAddedFd(int FdsetId, int Fd);
