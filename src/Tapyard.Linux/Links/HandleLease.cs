using System.Runtime.InteropServices;

namespace Tapyard.Linux.Links;

/// <summary>
/// Keeps a caller's fd (a namespace handle put into IFLA_NET_NS_FD) from being closed, and its number
/// reused, while a request that carries the number is in flight. A closed handle fails here, before
/// any syscall, with ObjectDisposedException.
/// </summary>
internal sealed class HandleLease : IDisposable
{
    private readonly SafeHandle _handle;

    private HandleLease(SafeHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
    }

    public static HandleLease? Take(SafeHandle? handle) => handle is null ? null : new HandleLease(handle);

    public void Dispose() => _handle.DangerousRelease();
}
