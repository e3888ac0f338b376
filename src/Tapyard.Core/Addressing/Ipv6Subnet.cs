using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>
/// A network's optional IPv6 subnet (--network6), e.g. 2001:db8:1::/64. Tapyard keeps no IPv6 pool
/// (as Ganeti), so this only parses, checks for host bits and answers whether the gateway lies inside.
/// </summary>
public readonly record struct Ipv6Subnet
{
    private Ipv6Subnet(IPNetwork network) => Value = network;

    public IPNetwork Value { get; }
    public IPAddress Network => Value.BaseAddress;
    public int PrefixLength => Value.PrefixLength;

    /// <summary>Parses "2001:db8::/64", refusing IPv4, a bad prefix length and host bits set.</summary>
    public static Ipv6Subnet Parse(string? cidr) =>
        TryParse(cidr, out var subnet, out string? problem) ? subnet : throw new TapyardException(problem!);

    public static bool TryParse(string? cidr, out Ipv6Subnet subnet, out string? problem)
    {
        subnet = default;
        if (string.IsNullOrWhiteSpace(cidr))
        {
            problem = "the IPv6 network is empty; give it in CIDR form, e.g. 2001:db8::/64";
            return false;
        }
        int slash = cidr.IndexOf('/');
        if (slash < 0)
        {
            problem = $"'{cidr}' has no prefix length; give the IPv6 network in CIDR form, e.g. {cidr}/64";
            return false;
        }
        string addressText = cidr[..slash], prefixText = cidr[(slash + 1)..];
        if (!Ipv6Address.TryParse(addressText, out var address))
        {
            problem = Ipv4Address.TryParseValue(addressText, out _)
                ? $"'{cidr}' is an IPv4 network; give it with --network, and an IPv6 network with --network6"
                : $"'{addressText}' in '{cidr}' is not a valid IPv6 address; write it e.g. as 2001:db8::/64";
            return false;
        }
        if (prefixText.Length is < 1 or > 3 || !prefixText.All(char.IsAsciiDigit) || int.Parse(prefixText) > 128)
        {
            problem = $"'{prefixText}' is not a valid IPv6 prefix length; use 0..128, e.g. {addressText}/64";
            return false;
        }
        int prefix = int.Parse(prefixText);
        var networkAddress = MaskedAddress(address, prefix);
        if (!networkAddress.Equals(address))
        {
            problem = $"{cidr} has host bits set; did you mean {networkAddress}/{prefix}?";
            return false;
        }
        subnet = new Ipv6Subnet(new IPNetwork(networkAddress, prefix));
        problem = null;
        return true;
    }

    public bool Contains(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 && Value.Contains(address);

    /// <summary>Throws naming the gateway and the subnet when <paramref name="gateway"/> lies outside.</summary>
    public void CheckContains(IPAddress gateway, string what = "IPv6 gateway")
    {
        if (!Contains(gateway))
            throw new TapyardException($"{this} does not contain the {what} {gateway}; use an address inside the IPv6 network");
    }

    public override string ToString() => $"{Value.BaseAddress}/{Value.PrefixLength}";

    private static IPAddress MaskedAddress(IPAddress address, int prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        for (int i = 0; i < 16; i++)
        {
            int keep = Math.Clamp(prefix - 8 * i, 0, 8);
            bytes[i] &= (byte)(0xff00 >> keep);
        }
        return new IPAddress(bytes);
    }
}
