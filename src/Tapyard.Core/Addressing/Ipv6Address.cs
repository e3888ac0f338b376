using System.Net;
using System.Net.Sockets;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Addressing;

/// <summary>IPv6 address parsing for --gateway6: IPv6 only, no zone index (a gateway in the config has no scope).</summary>
public static class Ipv6Address
{
    public static IPAddress Parse(string? text, string what = "IPv6 address") =>
        TryParse(text, out var address)
            ? address
            : throw new TapyardException($"'{text}' is not a valid {what}; write it e.g. as 2001:db8::1");

    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.IPv6None;
        if (string.IsNullOrEmpty(text) || !text.Contains(':') || text.Contains('%') || text.Contains('[')
            || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        address = parsed;
        return true;
    }
}
