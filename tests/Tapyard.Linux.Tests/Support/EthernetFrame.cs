using System.Buffers.Binary;
using System.Net;
using Tapyard.Linux.Links;

namespace Tapyard.Linux.Tests.Support;

/// <summary>A tiny Ethernet frame builder and reader for tests: enough to send marked frames and find them again.</summary>
internal static class EthernetFrame
{
    public const int HeaderLength = 14;
    /// <summary>IEEE 802 "local experimental" ethertype: nothing in the kernel reacts to it.</summary>
    public const ushort ExperimentalEtherType = 0x88B5;
    public const ushort Ipv4EtherType = 0x0800;

    public static readonly MacAddress Broadcast = MacAddress.FromBytes([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

    public static byte[] Build(MacAddress destination, MacAddress source, ushort etherType, ReadOnlySpan<byte> payload)
    {
        // Pad to the 60-byte Ethernet minimum as a NIC would; readers find the payload by its marker.
        var frame = new byte[Math.Max(60, HeaderLength + payload.Length)];
        destination.CopyTo(frame.AsSpan(0, 6));
        source.CopyTo(frame.AsSpan(6, 6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>A frame with the experimental ethertype carrying <paramref name="marker"/> as text.</summary>
    public static byte[] Marked(MacAddress destination, MacAddress source, string marker) =>
        Build(destination, source, ExperimentalEtherType, System.Text.Encoding.ASCII.GetBytes(marker));

    /// <summary>A marked frame with an 802.1Q tag of <paramref name="vlan"/> inline, as a trunk carries it.</summary>
    public static byte[] TaggedMarked(MacAddress destination, MacAddress source, ushort vlan, string marker)
    {
        var inner = Marked(destination, source, marker);
        var frame = new byte[inner.Length + 4];
        inner.AsSpan(0, 12).CopyTo(frame);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), Vlan8021QEtherType);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), vlan);
        inner.AsSpan(12).CopyTo(frame.AsSpan(16));
        return frame;
    }

    public const ushort Vlan8021QEtherType = 0x8100;

    /// <summary>The VLAN id of an inline 802.1Q tag, or null for an untagged frame.</summary>
    public static int? VlanOf(ReadOnlySpan<byte> frame) =>
        frame.Length >= 18 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == Vlan8021QEtherType
            ? BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) & 0xfff
            : null;

    /// <summary>An IPv4/UDP frame; distinct ports make distinct flows, which a multi-queue device spreads over its queues.</summary>
    public static byte[] Udp(MacAddress destination, MacAddress source, IPAddress from, IPAddress to, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var ip = new byte[20 + 8 + payload.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        ip[8] = 64;
        ip[9] = 17;
        from.GetAddressBytes().CopyTo(ip, 12);
        to.GetAddressBytes().CopyTo(ip, 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Packets.Checksum(ip.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(22), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(ip.AsSpan(28)); // UDP checksum 0: "none" is valid for IPv4
        return Build(destination, source, Ipv4EtherType, ip);
    }

    public static MacAddress Destination(ReadOnlySpan<byte> frame) => MacAddress.FromBytes(frame[..6]);

    public static MacAddress Source(ReadOnlySpan<byte> frame) => MacAddress.FromBytes(frame[6..12]);

    public static bool Contains(ReadOnlySpan<byte> frame, string marker) =>
        frame.IndexOf(System.Text.Encoding.ASCII.GetBytes(marker)) >= 0;
}
