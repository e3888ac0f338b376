using Tapyard.Linux.Errors;
using System.Buffers.Binary;
using System.Text;

namespace Tapyard.Linux.Netlink;

/// <summary>One attribute (TLV). <see cref="Type"/> has the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits removed.</summary>
public readonly ref struct NetlinkAttribute
{
    private const ushort TypeMask = 0x3fff;

    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        Type = (ushort)(rawType & TypeMask);
        Payload = payload;
    }

    public ushort Type { get; }
    public ReadOnlySpan<byte> Payload { get; }

    public byte AsU8() => Payload.Length >= 1 ? Payload[0] : throw Short(1);
    public ushort AsU16() => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(Payload) : throw Short(2);
    public ushort AsU16BigEndian() => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : throw Short(2);
    public uint AsU32() => Payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Payload) : throw Short(4);
    public int AsI32() => unchecked((int)AsU32());

    /// <summary>A string attribute, without its terminating NUL.</summary>
    public string AsString()
    {
        int end = Payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? Payload[..end] : Payload);
    }

    public NetlinkAttributeEnumerator Nested() => new(Payload);

    private NetlinkProtocolException Short(int size) =>
        new($"attribute {Type} has {Payload.Length} bytes, expected at least {size}");
}
