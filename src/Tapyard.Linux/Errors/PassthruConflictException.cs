namespace Tapyard.Linux.Errors;

/// <summary>
/// The kernel answers EINVAL both for a second passthru macvtap and for any macvtap beside a passthru
/// one; passthru needs its lower device to itself.
/// </summary>
public sealed class PassthruConflictException : TapyardLinuxException
{
    /// <summary>The conflict is known but not which device holds the lower device (e.g. it was moved to another namespace).</summary>
    public PassthruConflictException(string device, string lowerDevice, int errno)
        : base($"cannot create {device}: lower device {lowerDevice} is in passthru use or already has macvtap/macvlan devices; passthru needs the lower device to itself", errno) { }

    /// <summary>
    /// <paramref name="holders"/> are the devices already on <paramref name="lowerDevice"/>;
    /// <paramref name="holderIsPassthru"/> says whether one of them is the passthru device in the way.
    /// </summary>
    public PassthruConflictException(string device, string lowerDevice, IReadOnlyCollection<string> holders, bool holderIsPassthru, int errno)
        : base(holderIsPassthru
            ? $"cannot create {device}: {string.Join(", ", holders)} already uses lower device {lowerDevice} in passthru mode, which needs the lower device to itself"
            : $"cannot create passthru {device}: lower device {lowerDevice} already carries {string.Join(", ", holders)}; passthru needs the lower device to itself", errno) { }
}
