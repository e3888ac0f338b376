using System.Buffers.Binary;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;

using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>
/// LinkRequests against the bytes iproute2 6.1 sent for the same command (see <see cref="Golden"/>
/// for how they were captured). In the capture namespace up0 had ifindex 3, up0p 2, vtap0 4,
/// vtap1 5 and br0 6.
/// </summary>
public sealed class LinkRequestGoldenTests
{
    private readonly NetlinkMessageWriter _writer = new();

    [Fact]
    public void Bridge_port_hairpin_on()
    {
        // bridge link set dev up0 hairpin on (up0 a port of br0; AF_BRIDGE, IFLA_PROTINFO|NLA_F_NESTED > IFLA_BRPORT_MODE)
        const string iproute2 = "2c000000130005000000000000000000070000000300000000000000000000000c000c800500040001000000";
        LinkRequests.SetBridgePortHairpin(_writer, 3, on: true);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Alias()
    {
        // ip link set dev up0 alias "tapyard vlan 10 on eth0" (IFLA_IFALIAS without a NUL)
        const string iproute2 = "3c000000100005009744016b00000000" + "00000000030000000000000000000000"
            + "1b0014007461707961726420766c616e" + "203130206f6e206574683000";
        LinkRequests.Change(_writer, 3, null, new LinkChange { Alias = "tapyard vlan 10 on eth0" });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Veth_pair()
    {
        // ip link add up0 type veth peer name up0p
        const string iproute2 = "5800000010000506d6fb006b00000000000000000000000000000000000000000800030075703000300012000800010076657468240002002000010000000000000000000000000000000000090003007570307000000000";
        LinkRequests.Create(_writer, new VethLinkSpec { Name = "up0", PeerName = "up0p" }, lowerIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Veth_pair_created_up()
    {
        // ip link add up1 up type veth peer name up1p
        const string iproute2 = "5800000010000506e1fb006b00000000000000000000000001000000010000000800030075703100300012000800010076657468240002002000010000000000000000000000000000000000090003007570317000000000";
        LinkRequests.Create(_writer, new VethLinkSpec { Name = "up1", PeerName = "up1p", Up = true }, lowerIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Macvtap_vepa_on_a_lower_device()
    {
        // ip link add vtap0 link up0 type macvtap mode vepa
        const string iproute2 = "5000000010000506d6fb006b000000000000000000000000000000000000000008000500030000000a00030076746170300000001c0012000b0001006d616376746170000c0002000800010002000000";
        LinkRequests.Create(_writer, new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mode = MacvlanMode.Vepa }, lowerIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Macvtap_with_mac_mtu_queues_and_group()
    {
        // ip link add link up0 name vtap1 address 52:54:00:aa:bb:cc mtu 1400 numtxqueues 4 numrxqueues 4 group 7 type macvtap mode bridge
        const string iproute2 = "7c00000010000506d6fb006b00000000000000000000000000000000000000000a000100525400aabbcc0000080004007805000008001f0004000000080020000400000008001b000700000008000500030000000a00030076746170310000001c0012000b0001006d616376746170000c0002000800010004000000";
        var spec = new MacvlanLinkSpec
        {
            Name = "vtap1",
            Lower = "up0",
            Mode = MacvlanMode.Bridge,
            Mac = MacAddress.Parse("52:54:00:aa:bb:cc"),
            Mtu = 1400,
            TxQueues = 4,
            RxQueues = 4,
            Group = 7,
        };
        LinkRequests.Create(_writer, spec, lowerIndex: 3);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Bridge_with_vlan_filtering()
    {
        // ip link add br1 type bridge vlan_filtering 1
        // (This kernel answers EOPNOTSUPP: it lacks CONFIG_BRIDGE_VLAN_FILTERING. The request is still iproute2's.)
        const string iproute2 = "4400000010000506d6fb006b000000000000000000000000000000000000000008000300627231001c0012000a00010062726964676500000c0002000500070001000000";
        LinkRequests.Create(_writer, new BridgeLinkSpec { Name = "br1", VlanFiltering = true }, lowerIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Bridge_without_options()
    {
        // ip link add br1 type bridge   (no IFLA_INFO_DATA at all; this kernel refuses even
        // vlan_filtering 0, having no 802.1Q support)
        const string iproute2 = "38000000100005068bfe006b00000000000000000000000000000000000000000800030062723100100012000a0001006272696467650000";
        LinkRequests.Create(_writer, new BridgeLinkSpec { Name = "br1" }, lowerIndex: null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Set_mtu()
    {
        // ip link set dev up0 mtu 1400
        const string iproute2 = "2800000010000500d6fb006b00000000000000000300000000000000000000000800040078050000";
        LinkRequests.Change(_writer, 3, null, new LinkChange { Mtu = 1400 });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Set_up()
    {
        // ip link set dev up0 up
        const string iproute2 = "2000000010000500d6fb006b0000000000000000030000000100000001000000";
        LinkRequests.Change(_writer, 3, null, new LinkChange { Up = true });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Set_master()
    {
        // ip link set dev up0p master br0
        const string iproute2 = "2800000010000500d6fb006b000000000000000002000000000000000000000008000a0006000000";
        LinkRequests.Change(_writer, 2, null, new LinkChange { MasterIndex = 6 });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Set_nomaster()
    {
        // ip link set dev up0p nomaster
        const string iproute2 = "2800000010000500d6fb006b000000000000000002000000000000000000000008000a0000000000";
        LinkRequests.Change(_writer, 2, null, new LinkChange { MasterIndex = 0 });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Set_addrgenmode_none()
    {
        // ip link set dev vtap0 addrgenmode none   (vtap0 had ifindex 5 in this capture)
        // The same IFLA_AF_SPEC > AF_INET6 > IFLA_INET6_ADDR_GEN_MODE nest that Create sends as its second message.
        const string iproute2 = "3000000010000500e1fb006b000000000000000005000000000000000000000010001a000c000a000500080001000000";
        LinkRequests.Change(_writer, 5, null, new LinkChange { DisableIpv6AddressGeneration = true });
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_by_index()
    {
        // ip link del vtap0   (iproute2 resolves the name first and deletes by ifindex, 4 here)
        const string iproute2 = "2000000011000500d6fb006b0000000000000000040000000000000000000000";
        LinkRequests.Delete(_writer, 4, null);
        Assert.Equal(Golden.Normalised(iproute2), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Get_by_name_matches_iproute2_except_family_and_ext_mask()
    {
        // ip -d link show dev vtap1
        const string iproute2 = "3400000012000100d6fb006b00000000110000000000000000000000000000000a000300767461703100000008001d0001000000";
        LinkRequests.Get(_writer, 0, "vtap1");
        // iproute2 sets ifi_family AF_PACKET (17) and appends IFLA_EXT_MASK = RTEXT_FILTER_VF
        // (08001d00 01000000) to get SR-IOV VF details, which Tapyard does not read; the kernel answers
        // a GET for a named device the same way for either family. NetlinkSocket.Execute also asks
        // for an ACK (NLM_F_ACK, 0x04) so every request ends the same way. Everything else must match.
        var expected = Golden.Bytes(Golden.Normalised(iproute2));
        expected[6] |= (byte)NetlinkFlags.Ack;
        expected[NetlinkHeader.Size] = 0;
        expected = expected[..^8];
        expected[0] = (byte)expected.Length;
        Assert.Equal(Convert.ToHexStringLower(expected), Golden.AsExecuted(_writer));
    }
    [Fact]
    public void Dump_by_master_matches_iproute2_except_family_and_ext_mask()
    {
        // ip link show master br0   (br0 had ifindex 4 in this capture)
        const string iproute2 = "300000001200010342fd006b000000001100000000000000000000000000000008001d000100000008000a0004000000";
        LinkRequests.Dump(_writer, new LinkFilter { MasterIndex = 4 });
        // As for Get: iproute2's ifi_family AF_PACKET and IFLA_EXT_MASK (the 8 bytes after ifinfomsg)
        // are not ours; the filter itself (IFLA_MASTER 4) and the dump flags must match.
        Assert.Equal(WithoutFamilyAndExtMask(Golden.Normalised(iproute2)), Golden.AsDumped(_writer));
    }

    private static string WithoutFamilyAndExtMask(string normalised)
    {
        var bytes = Golden.Bytes(normalised).ToList();
        bytes[NetlinkHeader.Size] = 0;
        bytes.RemoveRange(NetlinkHeader.Size + InterfaceInfoMessage.Size, 8);
        bytes[0] = (byte)bytes.Count;
        return Convert.ToHexStringLower(bytes.ToArray());
    }

    [Fact]
    public void Vlan_matches_ip_link_add_link_up0_name_up0_100_type_vlan_protocol_802_1Q_id_100()
    {
        const string ip =
            "54000000 1000 0506 00000000 00000000" +
            "00000000 00000000 00000000 00000000" +
            "08000500 04000000" +                                  // IFLA_LINK 4
            "0c000300 7570302e 31303000" +                         // IFLA_IFNAME "up0.100"
            "20001200 08000100 766c616e" +                         // IFLA_LINKINFO { KIND "vlan"
            "14000200 06000500 81000000 06000100 64000000";        //   DATA { PROTOCOL 0x8100 (BE), ID 100 } }

        LinkRequests.Create(_writer, new VlanLinkSpec { Name = "up0.100", Lower = "up0", VlanId = 100 }, lowerIndex: 4);

        Assert.Equal(Golden.Normalised(ip), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Macvtap_matches_ip_link_add_link_up0_name_vtap0_index_4242_type_macvtap_mode_vepa()
    {
        const string ip =
            "50000000 1000 0506 00000000 00000000" +
            "00000000 92100000 00000000 00000000" +                // ifi_index 4242
            "08000500 04000000" +                                  // IFLA_LINK 4
            "0a000300 76746170 30000000" +                         // IFLA_IFNAME "vtap0"
            "1c001200 0b000100 6d616376 74617000" +                // IFLA_LINKINFO { KIND "macvtap"
            "0c000200 08000100 02000000";                          //   DATA { MACVLAN_MODE vepa } }

        LinkRequests.Create(_writer, new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Index = 4242, Mode = MacvlanMode.Vepa }, lowerIndex: 4);

        Assert.Equal(Golden.Normalised(ip), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Change_group_matches_ip_link_set_dev_ve0_group_7()
    {
        const string ip =
            "28000000 1000 0500 00000000 00000000" +
            "00000000 03000000 00000000 00000000" +                // ifi_index 3
            "08001b00 07000000";                                   // IFLA_GROUP 7

        LinkRequests.Change(_writer, 3, null, new LinkChange { Group = 7 });

        Assert.Equal(Golden.Normalised(ip), Golden.AsExecuted(_writer));
    }

    [Fact]
    public void Delete_group_matches_ip_link_del_group_7()
    {
        const string ip =
            "28000000 1100 0500 00000000 00000000" +
            "00000000 00000000 00000000 00000000" +
            "08001b00 07000000";                                   // IFLA_GROUP 7

        LinkRequests.DeleteGroup(_writer, 7);

        Assert.Equal(Golden.Normalised(ip), Golden.AsExecuted(_writer));
    }

    /// <summary>
    /// ip's dump by kind differs on purpose in two fields: it asks for family AF_PACKET and sets
    /// IFLA_EXT_MASK (VF info), Tapyard neither; the kind filter itself is encoded the same.
    /// </summary>
    [Fact]
    public void Dump_by_kind_carries_the_kind_as_ip_link_show_type_macvtap_does()
    {
        const string ipKindFilter = "10001200 0b000100 6d616376 74617000"; // IFLA_LINKINFO { KIND "macvtap" }
        const string tapyard =
            "30000000 1200 0000 00000000 00000000" +
            "00000000 00000000 00000000 00000000" + ipKindFilter;

        LinkRequests.Dump(_writer, new LinkFilter { Kind = LinkKinds.Macvtap });

        Assert.Equal(Golden.Normalised(tapyard), Convert.ToHexStringLower(_writer.Written));
    }

    /// <summary>
    /// Up with addr-gen-mode none must reach the kernel as two messages, the mode first: the kernel
    /// applies IFF_UP before IFLA_AF_SPEC within one message.
    /// </summary>
    [Fact]
    public void Addrgen_none_with_up_is_split_with_the_mode_first()
    {
        LinkRequests.Change(_writer, 5, null, new LinkChange { DisableIpv6AddressGeneration = true, Up = true });

        Assert.Equal(2, _writer.MessageCount);
        var bytes = _writer.Written.ToArray();
        int firstLength = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        Assert.Equal(Golden.Normalised(
            "30000000 1000 0000 00000000 00000000" +
            "00000000 05000000 00000000 00000000" +                // no flags changed
            "10001a00 0c000a00 05000800 01000000"),                // IFLA_AF_SPEC { AF_INET6 { ADDR_GEN_MODE none } }
            Convert.ToHexStringLower(bytes, 0, firstLength));
        Assert.Equal(Golden.Normalised(
            "20000000 1000 0000 00000000 00000000" +
            "00000000 05000000 01000000 01000000"),                // ifi_flags IFF_UP, ifi_change IFF_UP
            Convert.ToHexStringLower(bytes, firstLength, bytes.Length - firstLength));
    }
}
