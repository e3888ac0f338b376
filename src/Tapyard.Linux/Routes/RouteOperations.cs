using System.Net.Sockets;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Routes;

/// <summary>
/// Add, replace, delete and list IPv4/IPv6 routes in any table over one rtnetlink socket, as
/// `ip route` does. Specs are validated before any syscall; kernel errors come back as typed
/// exceptions that name the route ("route 10.0.0.5/32 table 100 already exists").
/// </summary>
public sealed class RouteOperations
{
    private readonly NetlinkSocket _socket;
    private readonly LinkOperations _links;

    internal RouteOperations(NetlinkSocket socket, LinkOperations links)
    {
        _socket = socket;
        _links = links;
    }

    public void Add(RouteSpec spec) => Add(spec, replace: false);

    /// <summary>Adds the route, or replaces the one with the same destination, table and metric (`ip route replace`).</summary>
    public void Replace(RouteSpec spec) => Add(spec, replace: true);

    public void Delete(RouteSpec spec)
    {
        int? device = Resolve(spec);
        try
        {
            Execute(w => RouteRequests.Delete(w, spec, device), $"deleting route {spec}");
        }
        catch (NetlinkException e)
        {
            throw e.Errno switch
            {
                LinuxErrno.ESRCH => new RouteNotFoundException(spec.ToString(), e.Errno),
                _ => Translate(e, spec),
            };
        }
    }

    /// <summary>The routes of one table (`ip route show table N`), optionally of one family only.</summary>
    public IReadOnlyList<RouteInfo> List(uint table, AddressFamily? family = null) =>
        List(new RouteFilter { Table = table, Family = family });

    /// <summary>Every route in every table, or those matching <paramref name="filter"/>, in the kernel's order.</summary>
    public IReadOnlyList<RouteInfo> List(RouteFilter? filter = null)
    {
        if (filter?.Family is { } family)
            InetFamily.Of(family);
        var request = new NetlinkMessageWriter(64);
        RouteRequests.Dump(request, filter);
        for (int attempt = 0; ; attempt++)
        {
            var routes = new List<RouteInfo>();
            bool consistent;
            try
            {
                consistent = _socket.Dump(request, "listing routes", message =>
                {
                    if (message.Type == NetlinkMessageType.NewRoute && RouteMessageParser.Parse(message) is { } route
                        && (filter is null || filter.Matches(route)))
                        routes.Add(route);
                });
            }
            catch (NetlinkException e) when (e.Errno == LinuxErrno.ENOENT && filter?.Table is not null)
            {
                // A one-family dump of a table that does not exist yet fails ("FIB table does not
                // exist"); a table without routes is the same thing to a caller.
                return [];
            }
            catch (NetlinkException e) when (e.Errno == LinuxErrno.ENODEV && filter?.DeviceIndex is { } index)
            {
                throw new LinkNotFoundException($"with index {index}");
            }
            if (consistent || attempt >= 3)
                return routes;
        }
    }

    private void Add(RouteSpec spec, bool replace)
    {
        int? device = Resolve(spec);
        try
        {
            Execute(w => RouteRequests.Add(w, spec, device, replace), $"{(replace ? "replacing" : "adding")} route {spec}");
        }
        catch (NetlinkException e)
        {
            throw e.Errno switch
            {
                LinuxErrno.EEXIST => new RouteExistsException(spec.ToString(), e.Errno),
                LinuxErrno.ENETUNREACH when spec.Gateway is { } gateway =>
                    new RouteGatewayUnreachableException(spec.ToString(), gateway.ToString(), e.ExtendedAck, e.Errno),
                _ => Translate(e, spec),
            };
        }
    }

    private static TapyardLinuxException Translate(NetlinkException e, RouteSpec spec) => e.Errno switch
    {
        LinuxErrno.ENODEV => new LinkNotFoundException($"{DeviceText(spec)} (needed for route {spec})"),
        _ => Permission.Netlink(e),
    };

    private static string DeviceText(RouteSpec spec) => spec.Device ?? $"with index {spec.DeviceIndex}";

    private int? Resolve(RouteSpec spec)
    {
        Validate(spec);
        if (spec.DeviceIndex is { } index)
            return index;
        if (spec.Device is not { } name)
            return null;
        LinkName.Validate(name);
        return (_links.TryGet(name) ?? throw new LinkNotFoundException($"{name} (needed for route {spec})")).Index;
    }

    private void Execute(Action<NetlinkMessageWriter> encode, string operation) =>
        _socket.Execute(encode, operation);

    internal static void Validate(RouteSpec spec)
    {
        string text = spec.ToString();
        var family = spec.Destination.BaseAddress.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new InvalidRouteException(text, "only IPv4 and IPv6 routes are supported");
        if (spec.Gateway is { } gateway && gateway.AddressFamily != family)
            throw new InvalidRouteException(text, $"gateway {gateway} is not an {InetFamily.Name(family)} address like the destination");
        if (spec.PreferredSource is { } source && source.AddressFamily != family)
            throw new InvalidRouteException(text, $"source {source} is not an {InetFamily.Name(family)} address like the destination");
        if (spec.Table == RouteTables.Unspecified)
            throw new InvalidRouteException(text, $"table 0 is not a routing table; use {RouteTables.Main} (main) or a table of your own");
        if (spec.Device is not null && spec.DeviceIndex is not null)
            throw new InvalidRouteException(text, "give the output device by name or by index, not both");
        if (spec.Type == RouteType.Unicast && spec.Gateway is null && spec.Device is null && spec.DeviceIndex is null)
            throw new InvalidRouteException(text, "a unicast route needs a gateway (via) or an output device (dev)");
    }
}
