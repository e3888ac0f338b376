using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

// SCRATCH stand-in for c-pool's type (contract signatures); reverted before c-ops finishes.
public readonly record struct Ipv4Subnet(uint NetworkAddress, int PrefixLength)
{
    public long Size => 1L << (32 - PrefixLength);
    public IPAddress Network => ToAddress(NetworkAddress);
    public IPAddress Broadcast => ToAddress((uint)(NetworkAddress + Size - 1));

    public static Ipv4Subnet Parse(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            throw new TapyardException($"'{cidr}' is not an IPv4 subnet");
        if (!int.TryParse(parts[1], out int len) || len is < 0 or > 32)
            throw new TapyardException($"'{parts[1]}' is not a valid netmask");
        uint a = ToUint(ip);
        uint mask = len == 0 ? 0 : uint.MaxValue << (32 - len);
        if ((a & ~mask) != 0)
            throw new TapyardException($"{cidr} has host bits set");
        return new Ipv4Subnet(a, len);
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && ToUint(address) - NetworkAddress < (ulong)Size;

    public int IndexOf(IPAddress address) =>
        Contains(address) ? (int)(ToUint(address) - NetworkAddress) : throw new TapyardException($"{this} does not contain {address}");

    public IPAddress AddressAt(int index) => ToAddress((uint)(NetworkAddress + index));

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static uint ToUint(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static IPAddress ToAddress(uint v) => new(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v });
}
