using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Links;

/// <summary>Decodes an RTM_NEWLINK message (a dump entry, a GET reply or an echo) into a <see cref="LinkInfo"/>.</summary>
public static class LinkMessageParser
{
    public static LinkInfo Parse(NetlinkMessage message)
    {
        var header = message.ReadStruct<InterfaceInfoMessage>();
        string name = "";
        string? alias = null;
        string? kind = null, slaveKind = null;
        MacvlanMode? macvlanMode = null;
        ushort? vlanId = null;
        bool? vlanFiltering = null, hairpin = null, tunPersistent = null, tunMultiQueue = null;
        TunLinkType? tunType = null;
        int? lower = null, lowerNamespace = null, master = null, allMulti = null;
        MacAddress? mac = null;
        int mtu = 0, tx = 0, rx = 0, txqlen = 0, promiscuity = 0;
        uint group = 0;
        byte? addrGenMode = null;
        var operState = OperationalState.Unknown;

        foreach (var attribute in message.Attributes(InterfaceInfoMessage.Size))
        {
            switch (attribute.Type)
            {
                case LinkAttribute.IfName: name = attribute.AsString(); break;
                case LinkAttribute.IfAlias: alias = attribute.AsString(); break;
                case LinkAttribute.Address when attribute.Payload.Length == 6: mac = MacAddress.FromBytes(attribute.Payload); break;
                case LinkAttribute.Mtu: mtu = attribute.AsI32(); break;
                case LinkAttribute.Link: lower = attribute.AsI32(); break;
                case LinkAttribute.LinkNetNsId: lowerNamespace = attribute.AsI32(); break;
                case LinkAttribute.Master: master = attribute.AsI32(); break;
                case LinkAttribute.TxQueueLength: txqlen = attribute.AsI32(); break;
                case LinkAttribute.OperState: operState = (OperationalState)attribute.AsU8(); break;
                case LinkAttribute.Group: group = attribute.AsU32(); break;
                case LinkAttribute.Promiscuity: promiscuity = attribute.AsI32(); break;
                case LinkAttribute.AllMulti: allMulti = attribute.AsI32(); break;
                case LinkAttribute.NumTxQueues: tx = attribute.AsI32(); break;
                case LinkAttribute.NumRxQueues: rx = attribute.AsI32(); break;
                case LinkAttribute.AfSpec: addrGenMode = ReadAddressGenerationMode(attribute); break;
                case LinkAttribute.LinkInfo:
                    foreach (var info in attribute.Nested())
                    {
                        if (info.Type == LinkAttribute.InfoKind)
                            kind = info.AsString();
                        else if (info.Type == LinkAttribute.InfoSlaveKind)
                            slaveKind = info.AsString();
                    }
                    // IFLA_INFO_DATA's numbering depends on the kind, so read it once the kind is known.
                    foreach (var info in attribute.Nested())
                    {
                        if (info.Type == LinkAttribute.InfoSlaveData && slaveKind == LinkKinds.Bridge)
                        {
                            foreach (var port in info.Nested())
                                if (port.Type == LinkAttribute.BridgePortMode)
                                    hairpin = port.AsU8() != 0;
                        }
                        if (info.Type != LinkAttribute.InfoData)
                            continue;
                        foreach (var data in info.Nested())
                        {
                            switch (kind, data.Type)
                            {
                                case (LinkKinds.Macvtap or LinkKinds.Macvlan, LinkAttribute.MacvlanMode):
                                    macvlanMode = (MacvlanMode)data.AsU32();
                                    break;
                                case (LinkKinds.Vlan, LinkAttribute.VlanId):
                                    vlanId = data.AsU16();
                                    break;
                                case (LinkKinds.Bridge, LinkAttribute.BridgeVlanFiltering):
                                    vlanFiltering = data.AsU8() != 0;
                                    break;
                                case (LinkKinds.Tun, LinkAttribute.TunType):
                                    tunType = (TunLinkType)data.AsU8();
                                    break;
                                case (LinkKinds.Tun, LinkAttribute.TunPersist):
                                    tunPersistent = data.AsU8() != 0;
                                    break;
                                case (LinkKinds.Tun, LinkAttribute.TunMultiQueue):
                                    tunMultiQueue = data.AsU8() != 0;
                                    break;
                            }
                        }
                    }
                    break;
            }
        }

        return new LinkInfo
        {
            Name = name,
            Index = header.Index,
            Kind = kind,
            SlaveKind = slaveKind,
            MacvlanMode = macvlanMode,
            VlanId = vlanId,
            BridgeVlanFiltering = vlanFiltering,
            BridgePortHairpin = hairpin,
            TunType = tunType,
            TunPersistent = tunPersistent,
            TunMultiQueue = tunMultiQueue,
            LowerIndex = kind == LinkKinds.Veth ? null : OtherDevice(lower, header.Index, lowerNamespace),
            PeerIndex = kind == LinkKinds.Veth ? OtherDevice(lower, header.Index, lowerNamespace) : null,
            LowerNamespaceId = lowerNamespace,
            MasterIndex = master is > 0 ? master : null,
            Mac = mac,
            Mtu = mtu,
            OperationalState = operState,
            Flags = (InterfaceFlags)header.Flags,
            TxQueues = tx,
            RxQueues = rx,
            TxQueueLength = txqlen,
            Group = group,
            Promiscuity = promiscuity,
            AllMulticastCount = allMulti,
            Ipv6AddressGenerationMode = addrGenMode,
            Alias = string.IsNullOrEmpty(alias) ? null : alias,
        };
    }

    /// <summary>
    /// The kernel sends IFLA_LINK only when it differs from the ifindex; 0 (a veth whose peer is being
    /// torn down) and the device's own index (older kernels) mean "none".
    /// </summary>
    private static int? OtherDevice(int? link, int index, int? linkNamespace) =>
        link is { } l && l != 0 && (l != index || linkNamespace is not null) ? l : null;

    private static byte? ReadAddressGenerationMode(NetlinkAttribute afSpec)
    {
        foreach (var family in afSpec.Nested())
        {
            if (family.Type != LinkAttribute.AddressFamilyInet6)
                continue;
            foreach (var inet6 in family.Nested())
            {
                if (inet6.Type == LinkAttribute.Inet6AddressGenerationMode)
                    return inet6.AsU8();
            }
        }
        return null;
    }
}
