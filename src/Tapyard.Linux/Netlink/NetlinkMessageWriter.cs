using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Tapyard.Linux.Netlink;

/// <summary>
/// Builds one or more netlink messages in a reusable buffer: header, fixed family struct, then
/// attributes (TLVs, 4-byte aligned, nestable). Sequence numbers are stamped by the socket at send.
/// </summary>
public sealed class NetlinkMessageWriter
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;
    private int _messageCount;

    public NetlinkMessageWriter(int initialCapacity = 1024) => _buffer = new byte[initialCapacity];

    /// <summary>All complete messages written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int MessageCount => _messageCount;

    internal Span<byte> WrittenMutable => _buffer.AsSpan(0, _length);

    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
        _messageCount = 0;
    }

    public NetlinkMessageWriter BeginMessage(ushort type, ushort flags)
    {
        if (_messageStart >= 0)
            throw new InvalidOperationException("EndMessage was not called for the previous message.");
        _messageStart = _length;
        var header = Reserve(NetlinkHeader.Size);
        NetlinkHeader.Write(header, 0, type, flags, 0, 0);
        return this;
    }

    public void EndMessage()
    {
        if (_messageStart < 0)
            throw new InvalidOperationException("BeginMessage was not called.");
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_messageStart), _length - _messageStart);
        _messageStart = -1;
        _messageCount++;
    }

    /// <summary>Writes a family header (ifinfomsg, ifaddrmsg, rtmsg) as raw bytes.</summary>
    public NetlinkMessageWriter WriteStruct<T>(in T value) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        bytes.CopyTo(Reserve(bytes.Length));
        Pad();
        return this;
    }

    public NetlinkMessageWriter PutBytes(ushort type, ReadOnlySpan<byte> payload)
    {
        var attribute = Reserve(4 + payload.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
        payload.CopyTo(attribute[4..]);
        Pad();
        return this;
    }

    public NetlinkMessageWriter PutFlag(ushort type) => PutBytes(type, ReadOnlySpan<byte>.Empty);

    public NetlinkMessageWriter PutU8(ushort type, byte value) => PutBytes(type, [value]);

    public NetlinkMessageWriter PutU16(ushort type, ushort value)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, value);
        return PutBytes(type, payload);
    }

    public NetlinkMessageWriter PutU16BigEndian(ushort type, ushort value)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, value);
        return PutBytes(type, payload);
    }

    public NetlinkMessageWriter PutU32(ushort type, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, value);
        return PutBytes(type, payload);
    }

    public NetlinkMessageWriter PutI32(ushort type, int value) => PutU32(type, unchecked((uint)value));

    /// <summary>A NUL-terminated string attribute (NLA_STRING / NLA_NUL_STRING).</summary>
    public NetlinkMessageWriter PutString(ushort type, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Span<byte> payload = byteCount < 256 ? stackalloc byte[byteCount + 1] : new byte[byteCount + 1];
        Encoding.UTF8.GetBytes(value, payload);
        payload[byteCount] = 0;
        return PutBytes(type, payload);
    }

    /// <summary>Opens a nested attribute; pass the returned token to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        var attribute = Reserve(4);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], type);
        return start;
    }

    public void EndNested(int token) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(token), (ushort)(_length - token));

    /// <summary>
    /// Closes a nested attribute, or takes it back out when nothing was written into it (iproute2
    /// sends no IFLA_INFO_DATA for a kind without options, and some kinds refuse an empty one).
    /// </summary>
    public void EndNestedOrOmit(int token)
    {
        if (_length - token == 4)
            _length = token;
        else
            EndNested(token);
    }

    private Span<byte> Reserve(int count)
    {
        int needed = _length + NetlinkHeader.Align(count);
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }

    private void Pad()
    {
        int aligned = NetlinkHeader.Align(_length);
        _buffer.AsSpan(_length, aligned - _length).Clear();
        _length = aligned;
    }
}
