using System.Globalization;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>
/// The first three octets of generated MACs ("aa:00:00"), per network or cluster-wide, as Ganeti's
/// mac_prefix. The first octet must be unicast (even), or every generated MAC would be multicast.
/// </summary>
public readonly record struct MacPrefix
{
    private MacPrefix(uint value) => Value = value;

    /// <summary>The 24 prefix bits (aa:00:00 → 0xAA0000).</summary>
    public uint Value { get; }

    public static MacPrefix Parse(string? text) =>
        TryParse(text, out var prefix, out string? problem) ? prefix : throw new TapyardException(problem!);

    public static bool TryParse(string? text, out MacPrefix prefix, out string? problem)
    {
        prefix = default;
        const string fix = "give three hex octets with an even first octet, e.g. aa:00:00";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"the MAC prefix is empty; {fix}";
            return false;
        }
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            problem = $"MAC prefix '{text}' has {parts.Length} octet(s), not 3; {fix}";
            return false;
        }
        uint value = 0;
        foreach (var part in parts)
        {
            if (part.Length != 2 || !byte.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte octet))
            {
                problem = $"MAC prefix '{text}': '{part}' is not a two-digit hex octet; {fix}";
                return false;
            }
            value = (value << 8) | octet;
        }
        if (((value >> 16) & 0x01) != 0)
        {
            problem = $"MAC prefix '{text}' is multicast (its first octet {parts[0]} is odd), so no device could use its MACs; {fix}";
            return false;
        }
        prefix = new MacPrefix(value);
        problem = null;
        return true;
    }

    /// <summary>Lower case with colons, as MACs are printed ("aa:00:00").</summary>
    public override string ToString() => $"{Value >> 16:x2}:{(Value >> 8) & 0xff:x2}:{Value & 0xff:x2}";
}
