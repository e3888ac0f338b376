namespace Tapyard.Linux.Errors;

/// <summary>ENETUNREACH on add: the kernel found no on-link route to the gateway ("Nexthop has invalid gateway").</summary>
public sealed class RouteGatewayUnreachableException(string route, string gateway, string? kernelText, int errno)
    : TapyardLinuxException(
        $"cannot add route {route}: gateway {gateway} is not directly reachable; first give the device an address in the gateway's subnet (or add a route to the gateway)"
        + (kernelText is { Length: > 0 } ? $" (kernel: {kernelText})" : ""),
        errno)
{
    public string Route { get; } = route;
    public string Gateway { get; } = gateway;
}
