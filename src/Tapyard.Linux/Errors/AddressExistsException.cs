namespace Tapyard.Linux.Errors;

public sealed class AddressExistsException(string address, string device, int errno)
    : TapyardLinuxException($"address {address} already exists on device {device}; delete it first or replace it", errno)
{
    public string Address { get; } = address;
    public string Device { get; } = device;
}
