using System.Net;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Core.Operations;

/// <summary>Checks and messages shared by the --net parser and the instance operations.</summary>
internal static class InstanceRules
{
    public const string PoolWithoutNetwork = "ip=pool needs network=NET too (if ip=pool, parameter network must be passed); add network=NET to the NIC";

    public static IPAddress ParseIpv4(string text)
    {
        if (!Ipv4Address.TryParse(text, out var ip))
            throw new TapyardException($"'{text}' is not an IPv4 address; give ip=pool or ip=A.B.C.D");
        return ip;
    }

    /// <summary>The MAC in canonical lower-case form; refuses malformed, multicast and all-zero addresses.</summary>
    public static string ParseMac(string text)
    {
        if (!MacAddress.TryParse(text, out var mac, out string? problem))
            throw new TapyardException($"invalid MAC address '{text}': {problem}; use six hex octets like aa:00:00:12:34:56 or mac=generate");
        return mac.ToString();
    }
}
