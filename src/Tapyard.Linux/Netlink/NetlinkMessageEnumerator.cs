namespace Tapyard.Linux.Netlink;

/// <summary>Walks the messages packed in one datagram.</summary>
public ref struct NetlinkMessageEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public NetlinkMessageEnumerator(ReadOnlySpan<byte> datagram) => _rest = datagram;

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessageEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < NetlinkHeader.Size)
            return false;
        Current = NetlinkMessage.Parse(_rest, out int consumed);
        _rest = _rest[consumed..];
        return true;
    }
}
