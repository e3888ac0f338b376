using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>
/// Strict dotted-quad IPv4 parsing. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
/// "10.1", "0x0a.0.0.1" and "010.0.0.1" (octal), which a user never means in a config; those are refused here.
/// </summary>
public static class Ipv4Address
{
    /// <summary>Parses "192.0.2.1"; <paramref name="what"/> names the value in the error ("gateway", "IP address").</summary>
    public static IPAddress Parse(string? text, string what = "IP address") =>
        new(ToBytes(ParseValue(text, what)));

    /// <summary>The address as a big-endian number (192.0.2.1 → 0xC0000201).</summary>
    public static uint ParseValue(string? text, string what = "IP address") =>
        TryParseValue(text, out uint value)
            ? value
            : throw new TapyardException($"'{text}' is not a valid IPv4 {what}; write four decimal octets, e.g. 192.0.2.1");

    public static bool TryParse(string? text, out IPAddress address)
    {
        bool ok = TryParseValue(text, out uint value);
        address = ok ? new IPAddress(ToBytes(value)) : IPAddress.None;
        return ok;
    }

    public static bool TryParseValue(string? text, out uint value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
            return false;
        var span = text.AsSpan();
        int octets = 0;
        while (true)
        {
            int end = span.IndexOf('.');
            var part = end < 0 ? span : span[..end];
            // 1..3 decimal digits, no leading zero (it would read as octal elsewhere), at most 255.
            if (part.Length is < 1 or > 3 || (part.Length > 1 && part[0] == '0'))
                return false;
            uint octet = 0;
            foreach (char c in part)
            {
                if (c is < '0' or > '9')
                    return false;
                octet = octet * 10 + (uint)(c - '0');
            }
            if (octet > 255)
                return false;
            value = (value << 8) | octet;
            octets++;
            if (end < 0)
                break;
            if (octets == 4)
                return false;
            span = span[(end + 1)..];
        }
        return octets == 4;
    }

    /// <summary>The number of an IPv4 address (big-endian), for subnet arithmetic.</summary>
    public static uint ToValue(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
    }

    public static IPAddress FromValue(uint value) => new(ToBytes(value));

    /// <summary>"192.0.2.1" without allocating an IPAddress.</summary>
    public static string Format(uint value) =>
        $"{value >> 24}.{(value >> 16) & 0xff}.{(value >> 8) & 0xff}.{value & 0xff}";

    private static byte[] ToBytes(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
