using Tapyard.Core.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Core.Addressing;

/// <summary>
/// Generates a MAC under a prefix with a random suffix that <c>isTaken</c> rejects nowhere, as Ganeti does.
/// Random tries first (fast while the prefix space is sparse); then one pass over every suffix from a
/// random point, so "exhausted" is only reported when it is true.
/// </summary>
public static class MacGenerator
{
    /// <summary>Random suffixes tried before the exhaustive pass.</summary>
    public const int RandomTries = 64;
    private const int SuffixCount = 1 << 24;

    /// <summary>A MAC "pp:pp:pp:ss:ss:ss" not taken; a TapyardException when all 2^24 suffixes are.</summary>
    public static string Generate(MacPrefix prefix, Func<string, bool> isTaken) =>
        Generate(prefix, isTaken, Random.Shared);

    /// <summary>As <see cref="Generate(MacPrefix, Func{string, bool})"/>, drawing suffixes from <paramref name="random"/> (tests pass a seeded one).</summary>
    public static string Generate(MacPrefix prefix, Func<string, bool> isTaken, Random random)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        for (int i = 0; i < RandomTries; i++)
        {
            if (TryCandidate(prefix, random.Next(SuffixCount), isTaken) is { } mac)
                return mac;
        }
        int start = random.Next(SuffixCount);
        for (int i = 0; i < SuffixCount; i++)
        {
            if (TryCandidate(prefix, (start + i) & (SuffixCount - 1), isTaken) is { } mac)
                return mac;
        }
        throw new TapyardException(
            $"every MAC under prefix {prefix} is taken; give the network its own --mac-prefix or remove unused NICs");
    }

    private static string? TryCandidate(MacPrefix prefix, int suffix, Func<string, bool> isTaken)
    {
        ulong value = (ulong)prefix.Value << 24 | (uint)suffix;
        Span<byte> bytes = stackalloc byte[6];
        for (int i = 0; i < 6; i++)
            bytes[i] = (byte)(value >> (40 - 8 * i));
        var mac = MacAddress.FromBytes(bytes);
        // Prefix 00:00:00 with suffix 0 would be the all-zero address, which no device may carry.
        if (mac.IsZero)
            return null;
        string text = mac.ToString();
        return isTaken(text) ? null : text;
    }
}
