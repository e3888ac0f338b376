namespace Tapyard.Linux.Errors;

/// <summary>
/// The kernel answers EINVAL both for a second passthru macvtap and for any macvtap beside a passthru
/// one; passthru needs its lower device to itself.
/// </summary>
public sealed class PassthruConflictException(string device, string lowerDevice, int errno)
    : TapyardLinuxException(
        $"cannot create {device}: lower device {lowerDevice} is in passthru use or already has macvtap/macvlan devices; passthru needs the lower device to itself",
        errno);
