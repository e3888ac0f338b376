namespace Tapyard.Linux.Errors;

/// <summary>A route spec the kernel would refuse, caught before any syscall.</summary>
public sealed class InvalidRouteException(string route, string reason)
    : TapyardLinuxException($"invalid route {route}: {reason}", LinuxErrno.EINVAL);
