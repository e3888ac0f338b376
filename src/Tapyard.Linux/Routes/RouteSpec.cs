using System.Net;
using Tapyard.Linux.Addresses;

namespace Tapyard.Linux.Routes;

/// <summary>
/// A route to add, replace or delete, as `ip route add DEST [via GW] [dev DEV] [table T] [metric M]
/// [proto P] [scope S] [src A]`. Name the output device by <see cref="Device"/> or <see cref="DeviceIndex"/>.
/// </summary>
public sealed record RouteSpec
{
    /// <summary>The destination network, e.g. 10.0.0.5/32; 0.0.0.0/0 or ::/0 is the default route.</summary>
    public required IPNetwork Destination { get; init; }
    public IPAddress? Gateway { get; init; }
    public string? Device { get; init; }
    public int? DeviceIndex { get; init; }
    public uint Table { get; init; } = RouteTables.Main;
    /// <summary>Null: what iproute2 picks, link for a route without gateway (on-link), universe with one.</summary>
    public AddressScope? Scope { get; init; }
    public RouteProtocol Protocol { get; init; } = RouteProtocol.Boot;
    public RouteType Type { get; init; } = RouteType.Unicast;
    public uint? Metric { get; init; }
    public IPAddress? PreferredSource { get; init; }

    /// <summary>An on-link host route in a table, as Ganeti's routed mode adds for each instance IP:
    /// `ip route add 10.0.0.5/32 dev tap0 table 100` (scope link).</summary>
    public static RouteSpec OnLink(IPAddress host, string device, uint table) => new()
    {
        Destination = new IPNetwork(host, host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128),
        Device = device,
        Table = table,
    };

    /// <summary>The scope the kernel gets: as given, else the one iproute2 would send.</summary>
    public AddressScope EffectiveScope => Scope ?? Type switch
    {
        RouteType.Local or RouteType.Nat => AddressScope.Host,
        RouteType.Broadcast or RouteType.Multicast or RouteType.Anycast => AddressScope.Link,
        RouteType.Unicast or RouteType.Unspecified when Gateway is null => AddressScope.Link,
        _ => AddressScope.Universe,
    };

    /// <summary>"10.0.0.5/32 table 100", the words errors use to name the route.</summary>
    public override string ToString() => $"{Destination} table {RouteTables.Name(Table)}";
}
