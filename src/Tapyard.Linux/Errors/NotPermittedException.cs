namespace Tapyard.Linux.Errors;

/// <summary>EPERM/EACCES: the caller lacks CAP_NET_ADMIN (or CAP_SYS_ADMIN for namespaces).</summary>
public sealed class NotPermittedException(string what, int errno)
    : TapyardLinuxException($"{what}: not permitted; run as root (needs CAP_NET_ADMIN)", errno);
