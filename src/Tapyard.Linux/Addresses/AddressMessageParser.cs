using System.Buffers.Binary;
using System.Net;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Addresses;

/// <summary>Decodes an RTM_NEWADDR message (a dump entry) into an <see cref="AddressInfo"/>.</summary>
public static class AddressMessageParser
{
    // struct ifa_cacheinfo: ifa_prefered, ifa_valid, cstamp, tstamp (u32 each).
    private const int CacheInfoSize = 16;

    /// <summary>Null for families other than IPv4 and IPv6 (the kernel has others, e.g. DECnet, MPLS).</summary>
    public static AddressInfo? Parse(NetlinkMessage message)
    {
        var header = message.ReadStruct<InterfaceAddressMessage>();
        if (InetFamily.ToAddressFamily(header.Family) is not { } family)
            return null;
        IPAddress? local = null, address = null, broadcast = null;
        string? label = null;
        var flags = (AddressFlags)header.Flags;
        uint preferred = uint.MaxValue, valid = uint.MaxValue;

        foreach (var attribute in message.Attributes(InterfaceAddressMessage.Size))
        {
            switch (attribute.Type)
            {
                case AddressAttribute.Local: local = InetFamily.ReadAddress(attribute.Payload); break;
                case AddressAttribute.Address: address = InetFamily.ReadAddress(attribute.Payload); break;
                case AddressAttribute.Broadcast: broadcast = InetFamily.ReadAddress(attribute.Payload); break;
                case AddressAttribute.Label: label = attribute.AsString(); break;
                // IFA_FLAGS carries all 32 bits and wins over the 8 in the header.
                case AddressAttribute.Flags: flags = (AddressFlags)attribute.AsU32(); break;
                case AddressAttribute.CacheInfo when attribute.Payload.Length >= CacheInfoSize:
                    preferred = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload);
                    valid = BinaryPrimitives.ReadUInt32LittleEndian(attribute.Payload[4..]);
                    break;
            }
        }
        var own = local ?? address;
        if (own is null)
            return null;
        return new AddressInfo
        {
            Family = family,
            Address = own,
            PrefixLength = header.PrefixLength,
            DeviceIndex = header.Index,
            Peer = local is not null && address is not null && !address.Equals(local) ? address : null,
            Broadcast = broadcast,
            Label = label,
            Scope = (AddressScope)header.Scope,
            Flags = flags,
            PreferredLifetime = preferred,
            ValidLifetime = valid,
        };
    }
}
