namespace Tapyard.Linux.Errors;

public sealed class RouteNotFoundException(string route, int errno)
    : TapyardLinuxException($"route {route} does not exist; nothing to delete", errno)
{
    public string Route { get; } = route;
}
