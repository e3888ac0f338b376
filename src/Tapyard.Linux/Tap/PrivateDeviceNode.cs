using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tap;

/// <summary>
/// Opens a character device through a node of our own: mknod in a private directory, open, unlink.
/// The fd stays bound to the device; the name lives only for the microseconds between the calls.
/// </summary>
internal static class PrivateDeviceNode
{
    private const uint OwnerReadWrite = Interop.FileModes.S_IRUSR_IWUSR;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // devtmpfs always allows device nodes. It is the fallback when the runtime directory is on a
    // filesystem mounted nodev (systemd mounts /run that way), where opening any node fails with EACCES.
    private const string DeviceFileSystem = "/dev";

    public static (SafeFileHandle Handle, string Path) Open(CharDeviceNumber number, string baseName, string runtimeDirectory, string what)
    {
        CreateOwnerOnlyDirectory(runtimeDirectory);
        var handle = TryOpenIn(runtimeDirectory, $"{baseName}.", number, what, out string path, out int errno);
        if (handle is not null)
            return (handle, path);
        if (errno != LinuxErrno.EACCES)
            throw new SystemCallException($"opening private node {path} ({number}) for {what}", errno);
        handle = TryOpenIn(DeviceFileSystem, $".tapyard-{baseName}.", number, what, out string fallbackPath, out errno);
        return handle is not null
            ? (handle, fallbackPath)
            : throw SystemCallExceptionFor($"opening private node {path} ({number}) for {what}: the runtime directory is probably mounted nodev, and {fallbackPath} failed too", errno);
    }

    private static SafeFileHandle? TryOpenIn(string directory, string prefix, CharDeviceNumber number, string what, out string path, out int errno)
    {
        path = Path.Combine(directory, $"{prefix}{Environment.ProcessId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        if (Interop.Libc.Mknod(path, Interop.Libc.CharacterDevice | OwnerReadWrite, number.ToDevT()) != 0)
            throw SystemCallException.FromLastError($"making private device node {path} ({number}) for {what}");
        try
        {
            return QueueFile.TryOpen(path, out errno);
        }
        finally
        {
            // Unlinked at once, opened or not: nothing is left behind. It cannot fail for a node we
            // just made in a directory we own, short of someone else removing it (harmless).
            Interop.Libc.Unlink(path);
        }
    }

    private static void CreateOwnerOnlyDirectory(string directory)
    {
        // The platform check only satisfies the analyzer: Tapyard.Linux never runs elsewhere.
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("tap queues exist only on Linux");
        Directory.CreateDirectory(directory, OwnerOnly);
    }

    private static TapyardLinuxException SystemCallExceptionFor(string what, int errno) =>
        errno is LinuxErrno.EPERM ? new NotPermittedException(what, errno) : new SystemCallException(what, errno);
}
