using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Addresses;

namespace Tapyard.Linux.Routes;

/// <summary>What the kernel reports about one route, parsed from RTM_NEWROUTE.</summary>
public sealed record RouteInfo
{
    public required AddressFamily Family { get; init; }
    public required IPNetwork Destination { get; init; }
    public IPAddress? Gateway { get; init; }
    public int? DeviceIndex { get; init; }
    public required uint Table { get; init; }
    public AddressScope Scope { get; init; }
    public RouteProtocol Protocol { get; init; }
    public RouteType Type { get; init; }
    /// <summary>RTA_PRIORITY; IPv4 routes without one have metric 0, IPv6 routes always carry one (1024 by default).</summary>
    public uint Metric { get; init; }
    public IPAddress? PreferredSource { get; init; }
    public uint Flags { get; init; }
    /// <summary>True when the route has several next hops (RTA_MULTIPATH); their details are not parsed.</summary>
    public bool IsMultipath { get; init; }

    public override string ToString() => $"{Destination} table {RouteTables.Name(Table)}";
}
