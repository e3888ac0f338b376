using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;

using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Netlink;

/// <summary>The reading side: message and attribute walking, flag bits, and what happens with short or damaged input.</summary>
public sealed class NetlinkReaderTests
{
    [Fact]
    public void Walks_several_messages_in_one_datagram()
    {
        // Two RTM_NEWROUTE entries and the NLMSG_DONE of `ip -4 route show table 100`, as one recvmsg
        // returned them (the DONE came in a second read in the capture; joined here).
        var datagram = Golden.Bytes(
            "3400000018002200e1fb006bff1a0000022000006403fd010000000008000f0064000000080001000a0000050800040003000000" +
            "4400000018002200e1fb006bff1a000002180000640400010000000008000f006400000008000100c0a805000800060032000000080005000a0000020800040003000000" +
            "1400000003002200e1fb006bff1a000000000000");
        var types = new List<ushort>();
        foreach (var message in new NetlinkMessageEnumerator(datagram))
        {
            types.Add(message.Type);
            Assert.Equal(0x6b00fbe1u, message.Sequence);
            Assert.Equal(0x1affu, message.PortId);
            Assert.NotEqual(0, message.Flags & NetlinkFlags.Multi);
        }
        Assert.Equal([NetlinkMessageType.NewRoute, NetlinkMessageType.NewRoute, NetlinkMessageType.Done], types);
    }

    [Fact]
    public void Last_message_may_lack_trailing_padding()
    {
        // A 21-byte message (one u8 attribute, not padded) at the end of the datagram.
        var datagram = Golden.Bytes("150000001000000000000000000000000500010007");
        var messages = new NetlinkMessageEnumerator(datagram);
        Assert.True(messages.MoveNext());
        var attributes = messages.Current.Attributes(0);
        Assert.True(attributes.MoveNext());
        Assert.Equal((byte)7, attributes.Current.AsU8());
        Assert.False(messages.MoveNext());
    }

    [Fact]
    public void Message_longer_than_the_datagram_is_a_protocol_error()
    {
        var datagram = Golden.Bytes("40000000100000000000000000000000" + "00000000");
        var e = Assert.Throws<NetlinkProtocolException>(() => { foreach (var _ in new NetlinkMessageEnumerator(datagram)) { } });
        Assert.Contains("64", e.Message);
    }

    [Fact]
    public void Message_shorter_than_its_header_is_a_protocol_error()
    {
        var datagram = Golden.Bytes("08000000100000000000000000000000");
        Assert.Throws<NetlinkProtocolException>(() => { foreach (var _ in new NetlinkMessageEnumerator(datagram)) { } });
    }

    [Fact]
    public void Fewer_bytes_than_a_header_end_the_walk_quietly()
    {
        Assert.False(new NetlinkMessageEnumerator(Golden.Bytes("1000000010")).MoveNext());
    }

    [Fact]
    public void Truncated_attribute_stops_the_walk_instead_of_reading_past_the_end()
    {
        // IFLA_MTU 1400, then an attribute claiming 32 bytes with only 8 present.
        var attributes = Golden.Bytes("0800040078050000" + "2000030075703000");
        var seen = new List<ushort>();
        foreach (var attribute in new NetlinkAttributeEnumerator(attributes))
            seen.Add(attribute.Type);
        Assert.Equal([LinkAttribute.Mtu], seen);
    }

    [Fact]
    public void Attribute_with_length_below_four_stops_the_walk()
    {
        var seen = 0;
        foreach (var _ in new NetlinkAttributeEnumerator(Golden.Bytes("0200030000000000")))
            seen++;
        Assert.Equal(0, seen);
    }

    [Fact]
    public void Nested_and_byte_order_flag_bits_are_masked_from_the_type()
    {
        // IFLA_AF_SPEC with NLA_F_NESTED (0x8000), holding a u16 with NLA_F_NET_BYTEORDER (0x4000).
        var attributes = new NetlinkAttributeEnumerator(Golden.Bytes("0c001a80" + "06000140" + "0064" + "0000"));
        Assert.True(attributes.MoveNext());
        Assert.Equal(LinkAttribute.AfSpec, attributes.Current.Type);
        var nested = attributes.Current.Nested();
        Assert.True(nested.MoveNext());
        Assert.Equal(1, nested.Current.Type);
        Assert.Equal(100, nested.Current.AsU16BigEndian());
    }

    [Fact]
    public void Reading_a_value_wider_than_the_payload_is_a_protocol_error()
    {
        var attributes = new NetlinkAttributeEnumerator(Golden.Bytes("0600040078050000"));
        Assert.True(attributes.MoveNext());
        var attribute = attributes.Current;
        Assert.Equal(0x0578, attribute.AsU16());
        try
        {
            attribute.AsU32();
            Assert.Fail("a 2-byte payload was read as 4 bytes");
        }
        catch (NetlinkProtocolException e)
        {
            Assert.Contains("expected at least 4", e.Message);
        }
    }

    [Fact]
    public void String_without_nul_is_read_to_the_end_of_its_payload()
    {
        // IFLA_INFO_KIND "veth" as iproute2 sends it: four bytes, no NUL.
        var attributes = new NetlinkAttributeEnumerator(Golden.Bytes("0800010076657468"));
        Assert.True(attributes.MoveNext());
        Assert.Equal("veth", attributes.Current.AsString());
    }

    [Fact]
    public void Family_header_longer_than_the_payload_is_a_protocol_error_and_yields_no_attributes()
    {
        // An RTM_NEWLINK with only 8 of ifinfomsg's 16 bytes.
        var message = Golden.FirstMessage(Golden.Bytes("1800000010000000000000000000000000000000" + "03000000"));
        Assert.False(message.Attributes(InterfaceInfoMessage.Size).MoveNext());
        try
        {
            message.ReadStruct<InterfaceInfoMessage>();
            Assert.Fail("a short ifinfomsg was read");
        }
        catch (NetlinkProtocolException e)
        {
            Assert.Contains(nameof(InterfaceInfoMessage), e.Message);
        }
    }
}
