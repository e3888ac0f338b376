using System.Buffers.Binary;
using System.Net;
using Tapyard.Linux.Links;

namespace Tapyard.Testing;

/// <summary>ARP and IPv4/UDP frames as a guest would write them, to test routing, proxy ARP and anti-spoofing with real protocol headers.</summary>
public static class Packets
{
    public static byte[] ArpRequest(MacAddress senderMac, IPAddress senderIp, IPAddress targetIp, MacAddress? etherSource = null)
    {
        var frame = new byte[60];
        Frames.Broadcast.CopyTo(frame.AsSpan(0, 6));
        (etherSource ?? senderMac).CopyTo(frame.AsSpan(6, 6));
        frame[12] = 0x08; frame[13] = 0x06;
        var arp = frame.AsSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);          // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800); // IPv4
        arp[4] = 6; arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], 1);     // request
        senderMac.CopyTo(arp.Slice(8, 6));
        senderIp.GetAddressBytes().CopyTo(arp[14..]);
        targetIp.GetAddressBytes().CopyTo(arp[24..]);
        return frame;
    }

    /// <summary>The bytes of an ARP reply's opcode, sender MAC and sender IP, as they follow each other in the packet.</summary>
    public static byte[] ArpReplyFrom(MacAddress senderMac, IPAddress senderIp)
    {
        var needle = new byte[12];
        needle[1] = 2;
        senderMac.CopyTo(needle.AsSpan(2, 6));
        senderIp.GetAddressBytes().CopyTo(needle, 8);
        return needle;
    }

    public static byte[] Udp(MacAddress destination, MacAddress source, IPAddress sourceIp, IPAddress destinationIp, string marker, ushort sourcePort = 40000, ushort destinationPort = 40000)
    {
        var payload = System.Text.Encoding.ASCII.GetBytes(marker);
        int ipLength = 20 + 8 + payload.Length;
        var frame = new byte[Math.Max(60, 14 + ipLength)];
        destination.CopyTo(frame.AsSpan(0, 6));
        source.CopyTo(frame.AsSpan(6, 6));
        frame[12] = 0x08; frame[13] = 0x00;
        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
        ip[8] = 64;
        ip[9] = 17;
        sourceIp.GetAddressBytes().CopyTo(ip[12..]);
        destinationIp.GetAddressBytes().CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
        var udp = frame.AsSpan(34, 8 + payload.Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(udp[8..]); // UDP checksum 0: none (allowed for IPv4)
        return frame;
    }

    /// <summary>The Internet checksum (RFC 1071) of an IPv4 header whose checksum field is zero.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
