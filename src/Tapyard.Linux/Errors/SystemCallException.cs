using System.Runtime.InteropServices;

namespace Tapyard.Linux.Errors;

/// <summary>A failed libc call other than netlink (open, ioctl, mount, setns...), with what it was doing.</summary>
public class SystemCallException : TapyardLinuxException
{
    public SystemCallException(string what, int errno)
        : base($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}", errno) { }

    /// <summary>
    /// Builds the exception from the errno the last [LibraryImport] call with SetLastError left behind:
    /// EPERM becomes <see cref="NotPermittedException"/> naming <paramref name="capability"/> (see <see cref="Permission"/>).
    /// </summary>
    public static TapyardLinuxException FromLastError(string what, string capability = LinuxCapability.NetAdmin) =>
        Permission.SystemCall(what, Marshal.GetLastPInvokeError(), capability);
}
