using System.Runtime.InteropServices;

namespace Tapyard.Linux.Errors;

/// <summary>A failed libc call other than netlink (open, ioctl, mount, setns...), with what it was doing.</summary>
public class SystemCallException : TapyardLinuxException
{
    public SystemCallException(string what, int errno)
        : base($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}", errno) { }

    /// <summary>Builds the exception from the errno the last [LibraryImport] call with SetLastError left behind.</summary>
    public static TapyardLinuxException FromLastError(string what)
    {
        int errno = Marshal.GetLastPInvokeError();
        return errno == LinuxErrno.EPERM || errno == LinuxErrno.EACCES
            ? new NotPermittedException(what, errno)
            : new SystemCallException(what, errno);
    }
}
