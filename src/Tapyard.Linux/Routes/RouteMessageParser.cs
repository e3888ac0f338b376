using System.Net;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Routes;

/// <summary>Decodes an RTM_NEWROUTE message (a dump entry) into a <see cref="RouteInfo"/>.</summary>
public static class RouteMessageParser
{
    /// <summary>Null for families other than IPv4 and IPv6 (MPLS, multicast routing tables).</summary>
    public static RouteInfo? Parse(NetlinkMessage message)
    {
        var header = message.ReadStruct<RouteMessage>();
        if (InetFamily.ToAddressFamily(header.Family) is not { } family)
            return null;
        IPAddress? destination = null, gateway = null, source = null;
        int? device = null;
        uint table = header.Table, metric = 0;
        bool multipath = false;

        foreach (var attribute in message.Attributes(RouteMessage.Size))
        {
            switch (attribute.Type)
            {
                case RouteAttribute.Destination: destination = InetFamily.ReadAddress(attribute.Payload); break;
                case RouteAttribute.Gateway: gateway = InetFamily.ReadAddress(attribute.Payload); break;
                case RouteAttribute.PreferredSource: source = InetFamily.ReadAddress(attribute.Payload); break;
                case RouteAttribute.OutputInterface: device = attribute.AsI32(); break;
                // RTA_TABLE holds all 32 bits; rtm_table is RT_TABLE_COMPAT (252) for tables above 255.
                case RouteAttribute.Table: table = attribute.AsU32(); break;
                case RouteAttribute.Priority: metric = attribute.AsU32(); break;
                case RouteAttribute.Multipath: multipath = true; break;
            }
        }
        var zero = family == System.Net.Sockets.AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
        return new RouteInfo
        {
            Family = family,
            Destination = Network(destination ?? zero, header.DestinationLength),
            Gateway = gateway,
            DeviceIndex = device,
            Table = table,
            Scope = (AddressScope)header.Scope,
            Protocol = (RouteProtocol)header.Protocol,
            Type = (RouteType)header.Type,
            Metric = metric,
            PreferredSource = source,
            Flags = header.Flags,
            IsMultipath = multipath,
        };
    }

    /// <summary>IPNetwork refuses host bits beyond the prefix; clear them rather than fail on an odd reply.</summary>
    private static IPNetwork Network(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        prefixLength = Math.Clamp(prefixLength, 0, bytes.Length * 8);
        for (int bit = prefixLength; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }
}
