namespace Tapyard.Linux.Links;

/// <summary>IFLA_* attribute numbers (linux/if_link.h) and the nested families Tapyard reads and writes.</summary>
public static class LinkAttribute
{
    public const ushort Address = 1;
    public const ushort IfName = 3;
    public const ushort Mtu = 4;
    public const ushort Link = 5;
    public const ushort ProtocolInfo = 12;
    public const ushort Master = 10;
    public const ushort TxQueueLength = 13;
    public const ushort OperState = 16;
    /// <summary>IFLA_IFALIAS: free text on the device (`ip link set X alias ...`); Tapyard marks what it made with it.</summary>
    public const ushort IfAlias = 20;
    public const ushort LinkInfo = 18;
    public const ushort AfSpec = 26;
    public const ushort Group = 27;
    public const ushort NetNsFd = 28;
    public const ushort ExtMask = 29;
    public const ushort Promiscuity = 30;
    public const ushort NumTxQueues = 31;
    public const ushort NumRxQueues = 32;
    public const ushort Carrier = 33;
    public const ushort LinkNetNsId = 37;
    public const ushort AllMulti = 61;

    // IFLA_INFO_*
    public const ushort InfoKind = 1;
    public const ushort InfoData = 2;
    public const ushort InfoSlaveKind = 4;
    public const ushort InfoSlaveData = 5;

    // IFLA_MACVLAN_*
    public const ushort MacvlanMode = 1;
    public const ushort MacvlanFlags = 2;

    // VETH_INFO_*
    public const ushort VethPeer = 1;

    // IFLA_VLAN_*
    public const ushort VlanId = 1;
    public const ushort VlanProtocol = 5;

    // IFLA_TUN_* (kind "tun": tap and tun devices made through /dev/net/tun)
    public const ushort TunType = 3;
    public const ushort TunPersist = 6;
    public const ushort TunMultiQueue = 7;

    // IFLA_BRPORT_* (a bridge port's settings: IFLA_INFO_SLAVE_DATA, or IFLA_PROTINFO under AF_BRIDGE)
    public const ushort BridgePortMode = 4;

    // IFLA_BR_*
    public const ushort BridgeVlanFiltering = 7;

    // IFLA_AF_SPEC > AF_INET6 > IFLA_INET6_*
    public const ushort AddressFamilyInet6 = 10;
    public const ushort Inet6AddressGenerationMode = 8;
    public const byte AddressGenerationModeEui64 = 0;
    public const byte AddressGenerationModeNone = 1;
}
