using System.Buffers.Binary;

namespace Tapyard.Linux.Netlink;

/// <summary>struct nlmsghdr: 16 bytes, host byte order (little-endian on every platform Tapyard runs on).</summary>
public static class NetlinkHeader
{
    public const int Size = 16;
    public const int Alignment = 4;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    internal static void Write(Span<byte> destination, int length, ushort type, ushort flags, uint sequence, uint portId)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], portId);
    }
}
