using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Buffers.Binary;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Operations;

/// <summary>
/// A network's optional IPv6 subnet ("2001:db8:2ffc::/64"): parsed and checked for host bits, with
/// containment for the IPv6 gateway. IPv6 has no pool, so this is all Tapyard needs of it.
/// </summary>
internal readonly record struct Ipv6Network(UInt128 Prefix, int Length)
{
    public static Ipv6Network Parse(string text, string networkName)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new TapyardException($"IPv6 subnet '{text}' of network '{networkName}' is not ADDRESS/LENGTH; give e.g. 2001:db8::/64");
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > 128)
            throw new TapyardException($"'{parts[1]}' is not a valid IPv6 prefix length in '{text}'; use 0..128");
        UInt128 value = ToNumber(address);
        if ((value & ~Mask(length)) != 0)
            throw new TapyardException($"{text} has host bits set; give the network address of the subnet");
        return new Ipv6Network(value, length);
    }

    public static IPAddress ParseAddress(string text, string what)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new TapyardException($"{what} '{text}' is not an IPv6 address; give e.g. 2001:db8::1");
        return address;
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && (ToNumber(address) & Mask(Length)) == Prefix;

    public override string ToString() => $"{ToAddress(Prefix)}/{Length}";

    private static UInt128 Mask(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress ToAddress(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
