namespace Tapyard.Linux.Errors;

/// <summary>A device exists but is not of the kind the operation needs (e.g. queue fds asked of a veth).</summary>
public sealed class DeviceKindMismatchException(string device, string where, string expectedKind, string hint)
    : TapyardLinuxException($"device {device} {where} is not a {expectedKind}; {hint}", LinuxErrno.EINVAL)
{
    public string Device { get; } = device;
    public string ExpectedKind { get; } = expectedKind;
}
