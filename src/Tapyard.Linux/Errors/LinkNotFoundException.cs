namespace Tapyard.Linux.Errors;

public sealed class LinkNotFoundException(string what, int errno = LinuxErrno.ENODEV)
    : TapyardLinuxException($"device {what} does not exist", errno);
