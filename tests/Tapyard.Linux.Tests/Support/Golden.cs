using System.Buffers.Binary;
using Tapyard.Linux.Netlink;

namespace Tapyard.Linux.Tests.Support;

/// <summary>
/// Helpers for golden-byte tests. The golden strings are what iproute2 6.1 sent and received on
/// this machine's kernel (6.18), captured with
/// `strace -f -e trace=sendmsg,sendto,recvmsg -e write=all -e read=all ip -n NS ...` in a throwaway
/// namespace holding a veth pair up0 (ifindex 3) / up0p (ifindex 2).
/// </summary>
internal static class Golden
{
    /// <summary>Hex to bytes; whitespace and line breaks are ignored so long captures can wrap.</summary>
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>
    /// A captured request with nlmsg_seq and nlmsg_pid zeroed in every message: iproute2 numbers from
    /// the time of day, NetlinkSocket from its own counter, so only the rest can be compared.
    /// </summary>
    public static string Normalised(string hex)
    {
        var bytes = Bytes(hex);
        ForEachHeader(bytes, header =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        });
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// The writer's messages as NetlinkSocket.Execute puts them on the wire, minus the sequence
    /// number: it adds NLM_F_REQUEST|NLM_F_ACK to every message at send time.
    /// </summary>
    public static string AsExecuted(NetlinkMessageWriter writer) => WithFlags(writer, NetlinkFlags.Request | NetlinkFlags.Ack);

    /// <summary>The request as NetlinkSocket.Dump sends it: NLM_F_REQUEST|NLM_F_DUMP added (no ACK, as iproute2).</summary>
    public static string AsDumped(NetlinkMessageWriter writer) => WithFlags(writer, NetlinkFlags.Request | NetlinkFlags.Dump);

    /// <summary>The first message of a captured datagram.</summary>
    public static NetlinkMessage FirstMessage(byte[] datagram)
    {
        var messages = new NetlinkMessageEnumerator(datagram);
        Assert.True(messages.MoveNext(), "the capture holds no netlink message");
        return messages.Current;
    }

    private static string WithFlags(NetlinkMessageWriter writer, ushort flags)
    {
        var bytes = writer.Written.ToArray();
        ForEachHeader(bytes, header =>
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) | flags)));
        return Convert.ToHexStringLower(bytes);
    }

    private delegate void HeaderAction(Span<byte> header);

    private static void ForEachHeader(Span<byte> bytes, HeaderAction action)
    {
        while (bytes.Length >= NetlinkHeader.Size)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            Assert.InRange(length, NetlinkHeader.Size, bytes.Length);
            action(bytes);
            bytes = bytes[Math.Min(bytes.Length, NetlinkHeader.Align(length))..];
        }
    }
}
