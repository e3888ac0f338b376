using System.Buffers.Binary;

namespace Tapyard.Linux.Netlink;

/// <summary>Walks a run of attributes; stops at the first truncated one rather than reading past the end.</summary>
public ref struct NetlinkAttributeEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public NetlinkAttributeEnumerator(ReadOnlySpan<byte> attributes) => _rest = attributes;

    public NetlinkAttribute Current { get; private set; }

    public readonly NetlinkAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < 4)
            return false;
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < 4 || length > _rest.Length)
            return false;
        Current = new NetlinkAttribute(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]), _rest[4..length]);
        _rest = _rest[Math.Min(_rest.Length, NetlinkHeader.Align(length))..];
        return true;
    }
}
