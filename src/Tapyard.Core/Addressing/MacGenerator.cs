using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

// SCRATCH stand-in for c-pool's type (contract signatures); reverted before c-ops finishes.
public static class MacGenerator
{
    public static string Generate(MacPrefix prefix, Func<string, bool> isTaken)
    {
        for (int i = 0; i < 1000; i++)
        {
            int s = Random.Shared.Next(1 << 24);
            string mac = $"{prefix}:{s >> 16:x2}:{(s >> 8) & 0xff:x2}:{s & 0xff:x2}";
            if (!isTaken(mac)) return mac;
        }
        throw new TapyardException($"no free MAC address left with prefix {prefix}; use another prefix");
    }
}
