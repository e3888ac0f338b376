using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>Opening a queue's character device: read-write, non-blocking, close-on-exec.</summary>
internal static class QueueFile
{
    private const int Flags = Interop.OpenFlags.O_RDWR | Interop.OpenFlags.O_NONBLOCK | Interop.OpenFlags.O_CLOEXEC;

    /// <summary>The fd, or null with the errno when open(2) failed.</summary>
    public static SafeFileHandle? TryOpen(string path, out int errno)
    {
        int fd = Interop.Libc.Open(path, Flags, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    public static SafeFileHandle Open(string path, string what) =>
        TryOpen(path, out int errno) ?? throw (errno is LinuxErrno.EPERM or LinuxErrno.EACCES
            ? new NotPermittedException($"opening {path} for {what}", errno)
            : new SystemCallException($"opening {path} for {what}", errno));
}
