namespace Tapyard.Linux.Errors;

/// <summary>Names of the capabilities an EPERM can be about, for <see cref="NotPermittedException"/>.</summary>
public static class LinuxCapability
{
    /// <summary>Links, addresses, routes, tap devices.</summary>
    public const string NetAdmin = "CAP_NET_ADMIN";

    /// <summary>setns, unshare, mount (network namespaces), mknod.</summary>
    public const string SysAdmin = "CAP_SYS_ADMIN";

    public const string Mknod = "CAP_MKNOD";

    /// <summary>Signalling another user's processes.</summary>
    public const string Kill = "CAP_KILL";
}
