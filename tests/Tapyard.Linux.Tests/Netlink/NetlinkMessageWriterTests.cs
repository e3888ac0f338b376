using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Tests.Netlink;

/// <summary>The message writer's framing: lengths, 4-byte alignment with zero padding, nesting, batching.</summary>
public sealed class NetlinkMessageWriterTests
{
    [Fact]
    public void Empty_message_is_a_bare_header_with_its_length()
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(NetlinkMessageType.GetLink, NetlinkFlags.Dump);
        writer.EndMessage();
        Assert.Equal("10000000120000030000000000000000", Hex(writer));
    }

    [Theory]
    [InlineData("up0", "08000300" + "75703000")]                       // 3 chars + NUL: 8 bytes, no padding
    [InlineData("vtap0", "0a000300" + "7674617030" + "00" + "0000")] // length 10 counts the NUL, padding to 12 does not
    [InlineData("", "05000300" + "00" + "000000")]
    public void Strings_carry_a_nul_and_pad_to_four_bytes(string value, string expected)
    {
        var writer = Message(w => w.PutString(3, value));
        Assert.Equal(expected, Attributes(writer));
    }

    [Fact]
    public void Integers_are_little_endian_and_u8_u16_are_padded()
    {
        var writer = Message(w => w.PutU8(1, 0xab).PutU16(2, 0x1234).PutU16BigEndian(3, 0x8100).PutU32(4, 0x01020304).PutI32(5, -2).PutFlag(6));
        Assert.Equal(
            "05000100ab000000" + "060002003412" + "0000" + "060003008100" + "0000" + "0800040004030201" + "08000500feffffff" + "04000600",
            Attributes(writer));
    }

    [Fact]
    public void Nested_attributes_count_their_children_and_padding()
    {
        var writer = Message(w =>
        {
            int outer = w.BeginNested(18);
            w.PutString(1, "veth");
            int inner = w.BeginNested(2);
            w.PutU8(7, 1);
            w.EndNested(inner);
            w.EndNested(outer);
            w.PutU32(4, 9);
        });
        // outer 4 + "veth\0" 12 (9 padded) + inner (4 + 8) = 28 = 0x1c; inner = 12 = 0x0c
        Assert.Equal("1c001200" + "0900010076657468" + "00000000" + "0c000200" + "0500070001000000" + "0800040009000000", Attributes(writer));
    }

    [Fact]
    public void Family_header_is_padded_to_four_bytes()
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(NetlinkMessageType.NewRoute, 0).WriteStruct(new ThreeBytes { A = 1, B = 2, C = 3 }).PutU8(1, 9);
        writer.EndMessage();
        Assert.Equal("01020300" + "0500010009000000", Convert.ToHexStringLower(writer.Written[NetlinkHeader.Size..]));
    }

    [Fact]
    public void Several_messages_share_one_buffer_each_with_its_own_length()
    {
        var writer = new NetlinkMessageWriter(16); // small on purpose: the buffer grows
        writer.BeginMessage(NetlinkMessageType.NewLink, 0).PutString(3, "vtap0");
        writer.EndMessage();
        writer.BeginMessage(NetlinkMessageType.DelLink, 0).PutU32(27, 7);
        writer.EndMessage();
        Assert.Equal(2, writer.MessageCount);
        var lengths = new List<(ushort Type, int Length)>();
        foreach (var message in new NetlinkMessageEnumerator(writer.Written))
            lengths.Add((message.Type, message.Payload.Length + NetlinkHeader.Size));
        Assert.Equal([(NetlinkMessageType.NewLink, 28), (NetlinkMessageType.DelLink, 24)], lengths);
        Assert.Equal(52, writer.Written.Length);
    }

    [Fact]
    public void Reset_reuses_the_buffer_without_leaking_old_bytes_into_padding()
    {
        var writer = Message(w => w.PutBytes(1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
        writer.Reset();
        Assert.Equal(0, writer.MessageCount);
        writer.BeginMessage(NetlinkMessageType.NewLink, 0).PutU8(1, 0x11);
        writer.EndMessage();
        Assert.Equal("1800000010000000000000000000000005000100" + "11000000", Hex(writer));
    }

    [Fact]
    public void Misuse_of_begin_and_end_is_refused()
    {
        var writer = new NetlinkMessageWriter();
        Assert.Throws<InvalidOperationException>(writer.EndMessage);
        writer.BeginMessage(NetlinkMessageType.NewLink, 0);
        Assert.Throws<InvalidOperationException>(() => writer.BeginMessage(NetlinkMessageType.NewLink, 0));
    }

    private struct ThreeBytes
    {
        public byte A, B, C;
    }

    private static NetlinkMessageWriter Message(Action<NetlinkMessageWriter> attributes)
    {
        var writer = new NetlinkMessageWriter();
        writer.BeginMessage(NetlinkMessageType.NewLink, 0);
        attributes(writer);
        writer.EndMessage();
        return writer;
    }

    private static string Hex(NetlinkMessageWriter writer) => Convert.ToHexStringLower(writer.Written);

    private static string Attributes(NetlinkMessageWriter writer) => Convert.ToHexStringLower(writer.Written[NetlinkHeader.Size..]);
}
