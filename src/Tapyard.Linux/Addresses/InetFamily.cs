using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Addresses;

/// <summary>Linux address family numbers (AF_INET, AF_INET6) and the helpers that move IP addresses on and off the wire.</summary>
public static class InetFamily
{
    public const byte Unspecified = 0;
    public const byte Inet = 2;
    public const byte Inet6 = 10;

    public static byte Of(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Inet,
        AddressFamily.InterNetworkV6 => Inet6,
        _ => throw new UnsupportedAddressFamilyException(family.ToString()),
    };

    public static byte Of(IPAddress address) => Of(address.AddressFamily);

    public static AddressFamily? ToAddressFamily(byte family) => family switch
    {
        Inet => AddressFamily.InterNetwork,
        Inet6 => AddressFamily.InterNetworkV6,
        _ => null,
    };

    public static int MaxPrefixLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>"IPv4" or "IPv6", for messages.</summary>
    public static string Name(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    /// <summary>An address attribute payload (4 or 16 bytes, network order); null when the length fits neither family.</summary>
    public static IPAddress? ReadAddress(ReadOnlySpan<byte> payload) =>
        payload.Length is 4 or 16 ? new IPAddress(payload) : null;

    /// <summary>The address in network byte order, as netlink carries it.</summary>
    public static byte[] Bytes(IPAddress address) => address.GetAddressBytes();
}
