using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>
/// Encodes RTM_*LINK requests. Pure functions of their inputs (no socket), so unit tests compare
/// them byte for byte with what iproute2 sends for the same command.
/// </summary>
public static class LinkRequests
{
    /// <summary>
    /// RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL. The link comes up in this same message unless
    /// <see cref="LinkSpec.DisableIpv6AddressGeneration"/> is set; then <see cref="AfterCreate"/>
    /// brings it up once the address generation mode is set.
    /// </summary>
    public static void Create(NetlinkMessageWriter writer, LinkSpec spec, int? lowerIndex, ushort extraFlags = 0)
    {
        var header = new InterfaceInfoMessage { Index = spec.Index ?? 0 };
        if (spec.Up && !spec.DisableIpv6AddressGeneration)
        {
            header.Flags = (uint)InterfaceFlags.Up;
            header.Change = (uint)InterfaceFlags.Up;
        }
        // Attribute order and encoding follow iproute2's `ip link add` (the kernel accepts any), so
        // unit tests can compare requests byte for byte with what iproute2 sends.
        writer.BeginMessage(NetlinkMessageType.NewLink, (ushort)(NetlinkFlags.Create | NetlinkFlags.Exclusive | extraFlags))
            .WriteStruct(header);
        if (spec.Mac is { } mac)
            writer.PutBytes(LinkAttribute.Address, mac.ToBytes());
        if (spec.Mtu is { } mtu)
            writer.PutU32(LinkAttribute.Mtu, (uint)mtu);
        if (spec.TxQueueLength is { } txqlen)
            writer.PutU32(LinkAttribute.TxQueueLength, (uint)txqlen);
        if (spec.TxQueues is { } tx)
            writer.PutU32(LinkAttribute.NumTxQueues, (uint)tx);
        if (spec.RxQueues is { } rx)
            writer.PutU32(LinkAttribute.NumRxQueues, (uint)rx);
        if (spec.Group is { } group)
            writer.PutU32(LinkAttribute.Group, group);
        if (lowerIndex is { } lower)
            writer.PutU32(LinkAttribute.Link, (uint)lower);
        // IFLA_IFNAME after the settings and IFLA_LINK, where iproute2 puts it.
        writer.PutString(LinkAttribute.IfName, spec.Name);
        int linkInfo = writer.BeginNested(LinkAttribute.LinkInfo);
        PutKind(writer, spec.Kind);
        int data = writer.BeginNested(LinkAttribute.InfoData);
        spec.WriteInfoData(writer);
        writer.EndNestedOrOmit(data);
        writer.EndNested(linkInfo);
        writer.EndMessage();
    }

    /// <summary>
    /// What a create cannot carry, addressed to the new link by its ifindex; writes nothing when
    /// nothing is left. The kernel refuses IFLA_AF_SPEC on create (EAFNOSUPPORT: the device has no
    /// inet6 state yet; `ip link add ... addrgenmode none` fails the same way), so addr-gen-mode none
    /// is a second message. The link goes up only in a third: do_setlink applies
    /// the IFF_UP flag before IFLA_AF_SPEC, so up and addr-gen-mode in one message would generate a
    /// link-local address the moment the device came up. These are sent only after the create
    /// succeeded: were they batched with it, a create failing with EEXIST would change the existing
    /// device of that name.
    /// </summary>
    public static bool AfterCreate(NetlinkMessageWriter writer, int index, LinkSpec spec)
    {
        if (!spec.DisableIpv6AddressGeneration)
            return false;
        Change(writer, index, null, new LinkChange { DisableIpv6AddressGeneration = true });
        if (spec.Up)
            Change(writer, index, null, new LinkChange { Up = true });
        return true;
    }

    /// <summary>
    /// One RTM_NEWLINK for <paramref name="index"/> (or, with index 0, the link named
    /// <paramref name="name"/>; renaming needs the index). When the change both sets the address
    /// generation mode and brings the link up, the mode goes first in a message of its own, for the
    /// same reason as in <see cref="AfterCreate"/>.
    /// </summary>
    public static void Change(NetlinkMessageWriter writer, int index, string? name, LinkChange change)
    {
        if (change.DisableIpv6AddressGeneration is not null && change.Up == true)
        {
            Change(writer, index, name, new LinkChange { DisableIpv6AddressGeneration = change.DisableIpv6AddressGeneration });
            change = change with { DisableIpv6AddressGeneration = null };
        }
        var header = new InterfaceInfoMessage { Index = index };
        SetFlag(ref header, InterfaceFlags.Up, change.Up);
        SetFlag(ref header, InterfaceFlags.AllMulticast, change.AllMulticast);
        SetFlag(ref header, InterfaceFlags.Promiscuous, change.Promiscuous);
        writer.BeginMessage(NetlinkMessageType.NewLink, 0).WriteStruct(header);
        // With no index the kernel finds the link by IFLA_IFNAME; with one, IFLA_IFNAME renames it.
        if (index == 0)
        {
            if (name is null)
                throw new ArgumentException("A change needs the link's index or name.", nameof(name));
            if (change.NewName is not null && change.NewName != name)
                throw new ArgumentException("Renaming needs the link's index: with index 0 IFLA_IFNAME names the link to change.", nameof(change));
            writer.PutString(LinkAttribute.IfName, name);
        }
        else if (change.NewName is not null)
        {
            writer.PutString(LinkAttribute.IfName, change.NewName);
        }
        if (change.Mac is { } mac)
            writer.PutBytes(LinkAttribute.Address, mac.ToBytes());
        if (change.Mtu is { } mtu)
            writer.PutU32(LinkAttribute.Mtu, (uint)mtu);
        if (change.TxQueueLength is { } txqlen)
            writer.PutU32(LinkAttribute.TxQueueLength, (uint)txqlen);
        if (change.MasterIndex is { } master)
            writer.PutU32(LinkAttribute.Master, (uint)master);
        if (change.Group is { } group)
            writer.PutU32(LinkAttribute.Group, group);
        // Without a NUL, as iproute2 sends it: the kernel stores exactly the bytes given.
        if (change.Alias is { } alias)
            writer.PutBytes(LinkAttribute.IfAlias, System.Text.Encoding.UTF8.GetBytes(alias));
        if (change.Namespace is not null)
            writer.PutU32(LinkAttribute.NetNsFd, (uint)change.Namespace.DangerousGetHandle());
        if (change.DisableIpv6AddressGeneration is { } disable)
            WriteAddressGenerationMode(writer, disable ? LinkAttribute.AddressGenerationModeNone : LinkAttribute.AddressGenerationModeEui64);
        writer.EndMessage();
    }

    /// <summary>
    /// RTM_SETLINK with family AF_BRIDGE and a nested IFLA_PROTINFO carrying IFLA_BRPORT_MODE, as
    /// `bridge link set dev X hairpin on` sends it. NLA_F_NESTED is required: without it the bridge
    /// reads IFLA_PROTINFO as the old one-byte port state.
    /// </summary>
    public static void SetBridgePortHairpin(NetlinkMessageWriter writer, int index, bool on)
    {
        writer.BeginMessage(NetlinkMessageType.SetLink, 0)
            .WriteStruct(new InterfaceInfoMessage { Family = AddressFamilyBridge, Index = index });
        int protocolInfo = writer.BeginNested(LinkAttribute.ProtocolInfo | NestedFlag);
        writer.PutU8(LinkAttribute.BridgePortMode, on ? (byte)1 : (byte)0);
        writer.EndNested(protocolInfo);
        writer.EndMessage();
    }

    private const byte AddressFamilyBridge = 7;
    private const ushort NestedFlag = 0x8000;

    public static void Get(NetlinkMessageWriter writer, int index, string? name)
    {
        writer.BeginMessage(NetlinkMessageType.GetLink, 0).WriteStruct(new InterfaceInfoMessage { Index = index });
        if (index == 0 && name is not null)
            writer.PutString(LinkAttribute.IfName, name);
        writer.EndMessage();
    }

    public static void Dump(NetlinkMessageWriter writer, LinkFilter? filter)
    {
        writer.BeginMessage(NetlinkMessageType.GetLink, 0).WriteStruct(new InterfaceInfoMessage());
        if (filter?.MasterIndex is { } master)
            writer.PutU32(LinkAttribute.Master, (uint)master);
        if (filter?.Kind is { } kind)
        {
            int linkInfo = writer.BeginNested(LinkAttribute.LinkInfo);
            PutKind(writer, kind);
            writer.EndNested(linkInfo);
        }
        writer.EndMessage();
    }

    public static void Delete(NetlinkMessageWriter writer, int index, string? name)
    {
        writer.BeginMessage(NetlinkMessageType.DelLink, 0).WriteStruct(new InterfaceInfoMessage { Index = index });
        if (index == 0 && name is not null)
            writer.PutString(LinkAttribute.IfName, name);
        writer.EndMessage();
    }

    /// <summary>RTM_DELLINK with ifindex 0 and IFLA_GROUP: the kernel unregisters the whole group at once.</summary>
    public static void DeleteGroup(NetlinkMessageWriter writer, uint group)
    {
        writer.BeginMessage(NetlinkMessageType.DelLink, 0)
            .WriteStruct(new InterfaceInfoMessage())
            .PutU32(LinkAttribute.Group, group);
        writer.EndMessage();
    }

    /// <summary>IFLA_INFO_KIND without a terminating NUL, as iproute2 sends it; the kernel compares by length.</summary>
    private static void PutKind(NetlinkMessageWriter writer, string kind) =>
        writer.PutBytes(LinkAttribute.InfoKind, System.Text.Encoding.ASCII.GetBytes(kind));

    private static void SetFlag(ref InterfaceInfoMessage header, InterfaceFlags flag, bool? on)
    {
        if (on is not { } value)
            return;
        header.Change |= (uint)flag;
        if (value)
            header.Flags |= (uint)flag;
    }

    private static void WriteAddressGenerationMode(NetlinkMessageWriter writer, byte mode)
    {
        int afSpec = writer.BeginNested(LinkAttribute.AfSpec);
        int inet6 = writer.BeginNested(LinkAttribute.AddressFamilyInet6);
        writer.PutU8(LinkAttribute.Inet6AddressGenerationMode, mode);
        writer.EndNested(inet6);
        writer.EndNested(afSpec);
    }
}
