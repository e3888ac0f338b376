using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>
/// An IPv4 subnet such as 192.0.2.0/28. Parsing only checks the syntax and that no host bits are set;
/// which sizes a network may have (/30 up to /8) is the network's rule, see <see cref="PoolSizeProblem"/>.
/// Indexes count addresses from the network address (index 0) to the broadcast address (Size - 1),
/// as Ganeti's reservation maps do.
/// </summary>
public readonly record struct Ipv4Subnet
{
    /// <summary>The smallest network that leaves room for hosts besides network and broadcast (Ganeti's limit).</summary>
    public const int LongestPoolPrefix = 30;
    /// <summary>The largest network Tapyard keeps a pool for (Ganeti stops at /16; a /8 bitmap is 2 MiB).</summary>
    public const int ShortestPoolPrefix = 8;

    private Ipv4Subnet(uint networkAddress, int prefixLength)
    {
        NetworkAddress = networkAddress;
        PrefixLength = prefixLength;
    }

    /// <summary>The network address as a big-endian number (192.0.2.0 → 0xC0000200).</summary>
    public uint NetworkAddress { get; }
    public int PrefixLength { get; }

    /// <summary>Number of addresses, network and broadcast included (2^32 for /0, hence long).</summary>
    public long Size => 1L << (32 - PrefixLength);
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint BroadcastAddress => NetworkAddress | ~Mask;
    public IPAddress Network => Ipv4Address.FromValue(NetworkAddress);
    public IPAddress Broadcast => Ipv4Address.FromValue(BroadcastAddress);

    /// <summary>Parses "192.0.2.0/28", refusing a bad address, a bad prefix length and host bits set.</summary>
    public static Ipv4Subnet Parse(string? cidr) =>
        TryParse(cidr, out var subnet, out string? problem) ? subnet : throw new TapyardException(problem!);

    public static bool TryParse(string? cidr, out Ipv4Subnet subnet, out string? problem)
    {
        subnet = default;
        if (string.IsNullOrWhiteSpace(cidr))
        {
            problem = "the network is empty; give it in CIDR form, e.g. 192.0.2.0/24";
            return false;
        }
        int slash = cidr.IndexOf('/');
        if (slash < 0)
        {
            problem = $"'{cidr}' has no prefix length; give the network in CIDR form, e.g. {cidr}/24";
            return false;
        }
        string addressText = cidr[..slash], prefixText = cidr[(slash + 1)..];
        if (!Ipv4Address.TryParseValue(addressText, out uint address))
        {
            problem = addressText.Contains(':')
                ? $"'{cidr}' is an IPv6 network; give it with --network6, and an IPv4 network with --network"
                : $"'{addressText}' in '{cidr}' is not a valid IPv4 address; write four decimal octets, e.g. 192.0.2.0/24";
            return false;
        }
        if (prefixText.Length is < 1 or > 2 || !prefixText.All(char.IsAsciiDigit) || int.Parse(prefixText) > 32)
        {
            problem = $"'{prefixText}' is not a valid netmask; use a prefix length 0..32, e.g. {addressText}/24";
            return false;
        }
        int prefix = int.Parse(prefixText);
        var candidate = new Ipv4Subnet(address & MaskOf(prefix), prefix);
        if (candidate.NetworkAddress != address)
        {
            problem = $"{cidr} has host bits set; did you mean {candidate}?";
            return false;
        }
        subnet = candidate;
        problem = null;
        return true;
    }

    /// <summary>
    /// Why a network of this size cannot have an address pool (smaller than /30 or larger than /8), or
    /// null. Kept apart from <see cref="Parse"/> because a subnet of any size is a valid value.
    /// </summary>
    public string? PoolSizeProblem(string networkName) =>
        PrefixLength > LongestPoolPrefix
            ? $"network {networkName} ({this}) has only {Size} address(es), too small; specify at least a /{LongestPoolPrefix} network"
        : PrefixLength < ShortestPoolPrefix
            ? $"network {networkName} ({this}) has {Size} addresses, too big; specify at most a /{ShortestPoolPrefix} network"
        : null;

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && Contains(Ipv4Address.ToValue(address));

    public bool Contains(uint address) => (address & Mask) == NetworkAddress;

    /// <summary>The index of <paramref name="address"/> in this subnet; a clear error when it lies outside.</summary>
    public int IndexOf(IPAddress address) =>
        Contains(address) ? IndexOf(Ipv4Address.ToValue(address)) : throw OutsideError(address.ToString());

    public int IndexOf(uint address) =>
        Contains(address) ? checked((int)(address - NetworkAddress)) : throw OutsideError(Ipv4Address.Format(address));

    /// <summary>Parses and locates an address given as text ("192.0.2.5").</summary>
    public int IndexOf(string address, string what = "IP address") => IndexOf(Ipv4Address.ParseValue(address, what));

    public IPAddress AddressAt(int index) => Ipv4Address.FromValue(AddressValueAt(index));

    public uint AddressValueAt(int index)
    {
        if (index < 0 || index >= Size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} has {Size} addresses (indexes 0..{Size - 1})");
        return NetworkAddress + (uint)index;
    }

    public override string ToString() => $"{Ipv4Address.Format(NetworkAddress)}/{PrefixLength}";

    private TapyardException OutsideError(string address) =>
        new($"{this} does not contain {address}; use an address from {Ipv4Address.Format(NetworkAddress)} to {Ipv4Address.Format(BroadcastAddress)}");

    private static uint MaskOf(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
