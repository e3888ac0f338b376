namespace Tapyard.Linux.Errors;

public sealed class LowerDeviceMissingException(string lowerDevice, string device)
    : TapyardLinuxException($"lower device {lowerDevice} does not exist (needed by {device}); create it or pick an existing link", LinuxErrno.ENODEV)
{
    public string LowerDevice { get; } = lowerDevice;
}
