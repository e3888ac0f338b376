using System.Net.Sockets;

namespace Tapyard.Linux.Routes;

/// <summary>Which routes a dump returns. Table, family, device and protocol go to the kernel, which filters (strict checking is on).</summary>
public sealed record RouteFilter
{
    public uint? Table { get; init; }
    /// <summary>InterNetwork or InterNetworkV6; null for both.</summary>
    public AddressFamily? Family { get; init; }
    public int? DeviceIndex { get; init; }
    public RouteProtocol? Protocol { get; init; }

    /// <summary>Applied to the parsed replies too, so the answer is right even where the kernel filtered less.</summary>
    public bool Matches(RouteInfo route) =>
        (Table is null || route.Table == Table)
        && (Family is null || route.Family == Family)
        && (DeviceIndex is null || route.DeviceIndex == DeviceIndex)
        && (Protocol is null || route.Protocol == Protocol);
}
