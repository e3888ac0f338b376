namespace Tapyard.Linux.Errors;

/// <summary>An address spec the kernel would refuse (or misread), caught before any syscall.</summary>
public sealed class InvalidAddressException(string address, string reason)
    : TapyardLinuxException($"invalid address {address}: {reason}", LinuxErrno.EINVAL);
