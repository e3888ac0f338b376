namespace Tapyard.Linux.Addresses;

/// <summary>IFA_* attribute numbers (linux/if_addr.h).</summary>
public static class AddressAttribute
{
    /// <summary>For IPv4 the prefix (or the peer on point-to-point links); for IPv6 the address itself.</summary>
    public const ushort Address = 1;
    /// <summary>The local address (IPv4; IPv6 only with a peer).</summary>
    public const ushort Local = 2;
    public const ushort Label = 3;
    public const ushort Broadcast = 4;
    public const ushort Anycast = 5;
    public const ushort CacheInfo = 6;
    public const ushort Multicast = 7;
    public const ushort Flags = 8;
    public const ushort RoutePriority = 9;
    public const ushort TargetNetNsId = 10;
    public const ushort Protocol = 11;
}
