namespace Tapyard.Linux.Errors;

/// <summary>An address family other than IPv4 and IPv6 where Tapyard handles only those two; found before any syscall.</summary>
public sealed class UnsupportedAddressFamilyException(string family)
    : TapyardLinuxException($"address family {family} is neither IPv4 nor IPv6; use an IPv4 or IPv6 address", LinuxErrno.EAFNOSUPPORT);
