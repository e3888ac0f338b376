using System.Globalization;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Links;

/// <summary>A 48-bit Ethernet address, printed lower-case with colons as iproute2 does.</summary>
public readonly record struct MacAddress
{
    private readonly ulong _value;

    private MacAddress(ulong value) => _value = value;

    public static MacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 6)
            throw new InvalidMacAddressException(Convert.ToHexString(bytes), $"it has {bytes.Length} octets, not 6");
        ulong value = 0;
        foreach (byte b in bytes)
            value = (value << 8) | b;
        return new MacAddress(value);
    }

    /// <summary>Parses "52:54:00:12:34:56" (also '-' separated); rejects anything else with the reason.</summary>
    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac, out string? problem) ? mac : throw new InvalidMacAddressException(text, problem!);

    public static bool TryParse(string? text, out MacAddress mac) => TryParse(text, out mac, out _);

    public static bool TryParse(string? text, out MacAddress mac, out string? problem)
    {
        mac = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "it is empty";
            return false;
        }
        var parts = text.Split(text.Contains('-') ? '-' : ':');
        if (parts.Length != 6)
        {
            problem = $"it has {parts.Length} octets, not 6";
            return false;
        }
        ulong value = 0;
        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 2 || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte octet))
            {
                problem = $"'{part}' is not a hex octet";
                return false;
            }
            value = (value << 8) | octet;
        }
        mac = new MacAddress(value);
        problem = mac.UnicastProblem();
        return problem is null;
    }

    public bool IsMulticast => ((_value >> 40) & 0x01) != 0;

    public bool IsLocallyAdministered => ((_value >> 40) & 0x02) != 0;

    public bool IsZero => _value == 0;

    /// <summary>Why this cannot be a device's own address (multicast or zero), or null.</summary>
    public string? UnicastProblem() =>
        IsZero ? "the all-zero address cannot be a device address"
        : IsMulticast ? "it is a multicast address (the first octet is odd); a device needs a unicast address"
        : null;

    public void CopyTo(Span<byte> destination)
    {
        for (int i = 0; i < 6; i++)
            destination[i] = (byte)(_value >> (40 - 8 * i));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[6];
        CopyTo(bytes);
        return bytes;
    }

    public override string ToString() => string.Create(17, _value, static (span, value) =>
    {
        const string hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(value >> (40 - 8 * i));
            span[i * 3] = hex[b >> 4];
            span[i * 3 + 1] = hex[b & 0xf];
            if (i < 5)
                span[i * 3 + 2] = ':';
        }
    });
}
