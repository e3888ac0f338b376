using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Routes;

public sealed class RouteNotFoundException(string route, int errno)
    : TapyardLinuxException($"route {route} does not exist; nothing to delete", errno)
{
    public string Route { get; } = route;
}
