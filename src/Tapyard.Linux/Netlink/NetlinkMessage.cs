using Tapyard.Linux.Errors;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tapyard.Linux.Netlink;

/// <summary>A view of one received netlink message: header fields and the payload after the header.</summary>
public readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    public ushort Type { get; }
    public ushort Flags { get; }
    public uint Sequence { get; }
    public uint PortId { get; }
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The family header at the start of the payload (ifinfomsg, ifaddrmsg, rtmsg).</summary>
    public T ReadStruct<T>() where T : unmanaged
    {
        if (Payload.Length < Marshal.SizeOf<T>())
            throw new NetlinkProtocolException($"message type {Type} is shorter than its {typeof(T).Name} header");
        return MemoryMarshal.Read<T>(Payload);
    }

    /// <summary>The attributes that follow a family header of <paramref name="headerSize"/> bytes.</summary>
    public NetlinkAttributeEnumerator Attributes(int headerSize) =>
        new(Payload.Length >= NetlinkHeader.Align(headerSize) ? Payload[NetlinkHeader.Align(headerSize)..] : ReadOnlySpan<byte>.Empty);

    /// <summary>Reads the message at the start of <paramref name="buffer"/>; <paramref name="consumed"/> is its aligned length.</summary>
    internal static NetlinkMessage Parse(ReadOnlySpan<byte> buffer, out int consumed)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (length < NetlinkHeader.Size || length > buffer.Length)
            throw new NetlinkProtocolException($"netlink message length {length} does not fit the {buffer.Length} bytes received");
        consumed = Math.Min(buffer.Length, NetlinkHeader.Align(length));
        return new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]),
            buffer[NetlinkHeader.Size..length]);
    }
}
