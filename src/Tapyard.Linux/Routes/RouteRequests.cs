using Tapyard.Linux.Addresses;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Routes;

/// <summary>
/// Encodes RTM_*ROUTE requests. Pure functions of their inputs, written the way iproute2 writes
/// them for `ip route add DEST via GW table T metric M src S dev D` (RTA_DST, RTA_GATEWAY, RTA_TABLE,
/// RTA_PRIORITY, RTA_PREFSRC, RTA_OIF), so unit tests compare them byte for byte.
/// </summary>
public static class RouteRequests
{
    /// <summary>
    /// RTM_NEWROUTE; <paramref name="replace"/> is `ip route replace` (NLM_F_REPLACE), otherwise
    /// `ip route add` (NLM_F_EXCL). <paramref name="deviceIndex"/> is the resolved output device.
    /// </summary>
    public static void Add(NetlinkMessageWriter writer, RouteSpec spec, int? deviceIndex, bool replace = false)
    {
        var header = Header(spec);
        header.Protocol = (byte)spec.Protocol;
        header.Scope = (byte)spec.EffectiveScope;
        header.Type = (byte)spec.Type;
        writer.BeginMessage(NetlinkMessageType.NewRoute,
            (ushort)(NetlinkFlags.Create | (replace ? NetlinkFlags.Replace : NetlinkFlags.Exclusive)));
        WriteBody(writer, header, spec, deviceIndex);
    }

    /// <summary>
    /// RTM_DELROUTE as `ip route del` sends it: protocol, type and scope are wildcards (0, 0 and
    /// RT_SCOPE_NOWHERE), so a route is found by destination, table and the gateway, metric and
    /// device when given, whoever installed it.
    /// </summary>
    public static void Delete(NetlinkMessageWriter writer, RouteSpec spec, int? deviceIndex)
    {
        var header = Header(spec);
        header.Scope = (byte)AddressScope.Nowhere;
        writer.BeginMessage(NetlinkMessageType.DelRoute, 0);
        WriteBody(writer, header, spec, deviceIndex);
    }

    /// <summary>
    /// RTM_GETROUTE dump. With strict checking the kernel filters by family, protocol, RTA_TABLE and
    /// RTA_OIF; the table goes in RTA_TABLE even when it fits rtm_table, as iproute2 sends it.
    /// </summary>
    public static void Dump(NetlinkMessageWriter writer, RouteFilter? filter)
    {
        writer.BeginMessage(NetlinkMessageType.GetRoute, 0).WriteStruct(new RouteMessage
        {
            Family = filter?.Family is { } family ? InetFamily.Of(family) : InetFamily.Unspecified,
            Protocol = (byte)(filter?.Protocol ?? RouteProtocol.Unspecified),
        });
        if (filter?.Table is { } table)
            writer.PutU32(RouteAttribute.Table, table);
        if (filter?.DeviceIndex is { } device)
            writer.PutU32(RouteAttribute.OutputInterface, (uint)device);
        writer.EndMessage();
    }

    private static RouteMessage Header(RouteSpec spec) => new()
    {
        Family = InetFamily.Of(spec.Destination.BaseAddress),
        DestinationLength = (byte)spec.Destination.PrefixLength,
        // rtm_table has 8 bits; larger tables go in RTA_TABLE with rtm_table RT_TABLE_UNSPEC.
        Table = spec.Table < 256 ? (byte)spec.Table : (byte)RouteTables.Unspecified,
    };

    private static void WriteBody(NetlinkMessageWriter writer, RouteMessage header, RouteSpec spec, int? deviceIndex)
    {
        writer.WriteStruct(header);
        // A /0 destination is the default route; iproute2 sends no RTA_DST for it.
        if (spec.Destination.PrefixLength > 0)
            writer.PutBytes(RouteAttribute.Destination, InetFamily.Bytes(spec.Destination.BaseAddress));
        if (spec.Gateway is { } gateway)
            writer.PutBytes(RouteAttribute.Gateway, InetFamily.Bytes(gateway));
        if (spec.Table >= 256)
            writer.PutU32(RouteAttribute.Table, spec.Table);
        if (spec.Metric is { } metric)
            writer.PutU32(RouteAttribute.Priority, metric);
        if (spec.PreferredSource is { } source)
            writer.PutBytes(RouteAttribute.PreferredSource, InetFamily.Bytes(source));
        if (deviceIndex is { } device)
            writer.PutU32(RouteAttribute.OutputInterface, (uint)device);
        writer.EndMessage();
    }
}
