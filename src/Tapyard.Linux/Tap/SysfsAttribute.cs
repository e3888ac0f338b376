using System.Runtime.InteropServices;
using System.Text;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// Reads small sysfs attributes with three syscalls (open, read, close): File.ReadAllText costs
/// several times more, and opening queues for hundreds of devices reads two attributes each.
/// </summary>
internal static class SysfsAttribute
{

    /// <summary>The attribute's text without trailing newline, or null with the errno (ENOENT: absent).</summary>
    public static unsafe string? TryRead(string path, out int errno)
    {
        int fd = Interop.Libc.Open(path, Interop.OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        try
        {
            byte* buffer = stackalloc byte[128];
            nint read = Interop.Libc.Read(fd, buffer, 128);
            if (read < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
            errno = 0;
            return Encoding.ASCII.GetString(buffer, (int)read).TrimEnd('\n');
        }
        finally
        {
            Interop.Libc.Close(fd);
        }
    }

    public static bool Exists(string path)
    {
        TryRead(path, out int errno);
        return errno != LinuxErrno.ENOENT && errno != LinuxErrno.ENOTDIR;
    }
}
