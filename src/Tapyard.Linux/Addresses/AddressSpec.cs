using System.Net;
using System.Net.Sockets;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Addresses;

/// <summary>
/// An address to put on (or take off) a link, as `ip addr add ADDRESS/PREFIX [label L] [brd B] [nodad]`.
/// The address keeps its host bits: 10.0.0.1/24 is the address 10.0.0.1 in the subnet 10.0.0.0/24.
/// </summary>
public sealed record AddressSpec
{
    public required IPAddress Address { get; init; }
    public required int PrefixLength { get; init; }
    /// <summary>IPv4 only. The kernel does not derive one; see <see cref="StandardBroadcast"/> for `brd +`.</summary>
    public IPAddress? Broadcast { get; init; }
    /// <summary>IPv4 only: the alias name (`label eth0:1`), at most 15 bytes.</summary>
    public string? Label { get; init; }
    /// <summary>IPv6 only: skip duplicate address detection so the address is usable at once.</summary>
    public bool NoDad { get; init; }
    /// <summary>Null: what iproute2 picks (host for 127.0.0.0/8, otherwise universe).</summary>
    public AddressScope? Scope { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    /// <summary>Parses "10.0.0.1/24" or "fd00::1/64"; anything else is an <see cref="InvalidAddressException"/>.</summary>
    public static AddressSpec Parse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address) || !int.TryParse(text.AsSpan(slash + 1), out int prefix))
            throw new InvalidAddressException($"'{text}'", "it is not an address with a prefix length such as 10.0.0.1/24 or fd00::1/64");
        return new AddressSpec { Address = address, PrefixLength = prefix };
    }

    /// <summary>This spec with the highest address of its subnet as broadcast, like `brd +`.</summary>
    public AddressSpec WithStandardBroadcast() => this with { Broadcast = StandardBroadcast(Address, PrefixLength) };

    /// <summary>The subnet's highest address (10.0.0.255 for 10.0.0.1/24); /31 and /32 have none, as in iproute2.</summary>
    public static IPAddress? StandardBroadcast(IPAddress address, int prefixLength)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || prefixLength is < 0 or > 30)
            return null;
        var bytes = address.GetAddressBytes();
        uint value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        value |= prefixLength == 0 ? uint.MaxValue : uint.MaxValue >> prefixLength;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
