using System.Globalization;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

// SCRATCH stand-in for c-pool's type (contract signatures); reverted before c-ops finishes.
public readonly record struct MacPrefix(byte A, byte B, byte C)
{
    public static MacPrefix Parse(string text)
    {
        var p = text.Split(':');
        if (p.Length != 3 || p.Any(x => x.Length != 2 || !byte.TryParse(x, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)))
            throw new TapyardException($"invalid MAC prefix '{text}'; use three hex octets like aa:00:00");
        var b = p.Select(x => byte.Parse(x, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)).ToArray();
        if ((b[0] & 1) != 0) throw new TapyardException($"invalid MAC prefix '{text}': the first octet is multicast; use an even first octet like aa:00:00");
        return new MacPrefix(b[0], b[1], b[2]);
    }
    public override string ToString() => $"{A:x2}:{B:x2}:{C:x2}";
}
