namespace Tapyard.Linux.Errors;

/// <summary>
/// The one place that turns EPERM into <see cref="NotPermittedException"/>. EACCES is not mapped:
/// the kernel uses it for refusals that no capability fixes (IPv6 disabled on a device, a node on
/// a nodev mount), so it keeps its own error and the kernel's text.
/// </summary>
internal static class Permission
{
    /// <summary>A failed libc call: EPERM → <see cref="NotPermittedException"/>, anything else → <see cref="SystemCallException"/>.</summary>
    public static TapyardLinuxException SystemCall(string what, int errno, string capability = LinuxCapability.NetAdmin) =>
        errno == LinuxErrno.EPERM ? new NotPermittedException(what, errno, capability) : new SystemCallException(what, errno);

    /// <summary>A netlink error: EPERM → <see cref="NotPermittedException"/> (keeping the kernel's text), anything else → <paramref name="e"/> itself.</summary>
    public static TapyardLinuxException Netlink(NetlinkException e, string? what = null, string capability = LinuxCapability.NetAdmin) =>
        e.Errno == LinuxErrno.EPERM ? new NotPermittedException(what ?? e.Operation, e.Errno, capability, e.ExtendedAck) : e;

    public static bool IsNotPermitted(int errno) => errno == LinuxErrno.EPERM;
}
