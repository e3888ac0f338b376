namespace Tapyard.Linux.Errors;

/// <summary>An 802.1Q VLAN id outside 1..4094 (0 is priority tagging, 4095 reserved); found before any syscall.</summary>
public sealed class InvalidVlanIdException(string device, int vlanId)
    : TapyardLinuxException($"VLAN id {vlanId} for {device} is out of range; use 1..4094", LinuxErrno.EINVAL)
{
    public int VlanId { get; } = vlanId;
}
