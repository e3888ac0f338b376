using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Addresses;

/// <summary>
/// Encodes RTM_*ADDR requests. Pure functions of their inputs, written in the order iproute2 writes
/// them (IFA_LOCAL, IFA_LABEL, IFA_ADDRESS, IFA_BROADCAST) so unit tests compare them byte for byte
/// with what `ip addr add` sends.
/// </summary>
public static class AddressRequests
{
    /// <summary>RTM_NEWADDR; <paramref name="replace"/> is `ip addr replace` (NLM_F_REPLACE), otherwise `ip addr add` (NLM_F_EXCL).</summary>
    public static void Add(NetlinkMessageWriter writer, int deviceIndex, AddressSpec spec, bool replace = false) =>
        Write(writer, NetlinkMessageType.NewAddress,
            (ushort)(NetlinkFlags.Create | (replace ? NetlinkFlags.Replace : NetlinkFlags.Exclusive)), deviceIndex, spec, forDelete: false);

    /// <summary>RTM_DELADDR: the kernel finds the address by local address and prefix length on the device.</summary>
    public static void Delete(NetlinkMessageWriter writer, int deviceIndex, AddressSpec spec) =>
        Write(writer, NetlinkMessageType.DelAddress, 0, deviceIndex, spec, forDelete: true);

    /// <summary>RTM_GETADDR dump; with strict checking the kernel honours ifa_family and ifa_index as filters.</summary>
    public static void Dump(NetlinkMessageWriter writer, AddressFilter? filter)
    {
        writer.BeginMessage(NetlinkMessageType.GetAddress, 0).WriteStruct(new InterfaceAddressMessage
        {
            Family = filter?.Family is { } family ? InetFamily.Of(family) : InetFamily.Unspecified,
            Index = filter?.DeviceIndex ?? 0,
        });
        writer.EndMessage();
    }

    private static void Write(NetlinkMessageWriter writer, ushort type, ushort flags, int deviceIndex, AddressSpec spec, bool forDelete)
    {
        var addressFlags = spec.NoDad ? AddressFlags.NoDad : AddressFlags.None;
        var header = new InterfaceAddressMessage
        {
            Family = InetFamily.Of(spec.Address),
            PrefixLength = (byte)spec.PrefixLength,
            Flags = (byte)addressFlags,
            // iproute2 leaves the scope alone on delete; on add it defaults 127/8 to host scope.
            Scope = (byte)(spec.Scope ?? (forDelete ? AddressScope.Universe : DefaultScope(spec))),
            Index = deviceIndex,
        };
        byte[] address = InetFamily.Bytes(spec.Address);
        writer.BeginMessage(type, flags).WriteStruct(header);
        writer.PutBytes(AddressAttribute.Local, address);
        if (spec.Label is { } label)
            writer.PutString(AddressAttribute.Label, label);
        writer.PutBytes(AddressAttribute.Address, address);
        if (spec.Broadcast is { } broadcast)
            writer.PutBytes(AddressAttribute.Broadcast, InetFamily.Bytes(broadcast));
        // Flags above the low byte do not fit ifa_flags; iproute2 sends IFA_FLAGS only then.
        if (((uint)addressFlags & ~0xffu) != 0)
            writer.PutU32(AddressAttribute.Flags, (uint)addressFlags);
        writer.EndMessage();
    }

    private static AddressScope DefaultScope(AddressSpec spec) =>
        spec.Family == System.Net.Sockets.AddressFamily.InterNetwork && spec.Address.GetAddressBytes()[0] == 127
            ? AddressScope.Host
            : AddressScope.Universe;
}
