namespace Tapyard.Linux.Errors;

public sealed class AddressNotFoundException(string address, string device, int errno)
    : TapyardLinuxException($"address {address} is not on device {device}; nothing to delete", errno)
{
    public string Address { get; } = address;
    public string Device { get; } = device;
}
