namespace Tapyard.Linux.Errors;

public sealed class RouteExistsException(string route, int errno)
    : TapyardLinuxException($"route {route} already exists; delete it first or replace it", errno)
{
    public string Route { get; } = route;
}
