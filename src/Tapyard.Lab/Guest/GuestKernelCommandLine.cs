using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Tapyard.Core.Errors;

namespace Tapyard.Lab.Guest;

/// <summary>
/// The kernel command line the lab's guest boots with, the only channel from host to guest /init
/// (see <see cref="GuestInit"/>):
/// <c>console=ttyS0 quiet panic=-1 [tapyard.hostname=NAME] [tapyard.gw=A.B.C.D] tapyard.nic=MAC[,A.B.C.D/P] ...</c>.
/// The kernel leaves dotted parameters of a module it does not know alone; /init reads them from
/// /proc/cmdline. Every value is validated here so nothing with a space or shell meaning reaches it.
/// </summary>
public static partial class GuestKernelCommandLine
{
    public const string Base = "console=ttyS0 quiet panic=-1";
    public const string NicKey = "tapyard.nic";
    public const string GatewayKey = "tapyard.gw";
    public const string HostnameKey = "tapyard.hostname";

    /// <summary>
    /// The command line for a guest named <paramref name="hostname"/> (optional) with <paramref name="nics"/>,
    /// including NICs that will only be hot-plugged later (the guest configures them when they appear).
    /// </summary>
    public static string Build(IEnumerable<GuestNic> nics, IPAddress? gateway = null, string? hostname = null)
    {
        var parts = new List<string> { Base };
        if (hostname is not null)
        {
            if (!Hostname().IsMatch(hostname))
                throw new TapyardException($"guest hostname '{hostname}' is not valid; use 1-63 letters, digits, '-' or '.'");
            parts.Add($"{HostnameKey}={hostname}");
        }
        if (gateway is not null)
            parts.Add($"{GatewayKey}={RequireIpv4(gateway, "gateway")}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in nics)
        {
            string mac = NormalizeMac(nic.Mac);
            if (!seen.Add(mac))
                throw new TapyardException($"guest NIC MAC {mac} is given twice; every NIC needs its own MAC");
            if (nic.Address is null)
            {
                parts.Add($"{NicKey}={mac}");
                continue;
            }
            string address = RequireIpv4(nic.Address, $"NIC {mac} address");
            if (nic.PrefixLength is < 0 or > 32)
                throw new TapyardException($"guest NIC {mac}: prefix length {nic.PrefixLength} is not valid; use 0-32");
            parts.Add($"{NicKey}={mac},{address}/{nic.PrefixLength.ToString(CultureInfo.InvariantCulture)}");
        }
        return string.Join(' ', parts);
    }

    /// <summary>The MAC in the form /sys/class/net/X/address shows (lower case, colons), which /init compares with.</summary>
    public static string NormalizeMac(string mac)
    {
        if (!Mac().IsMatch(mac))
            throw new TapyardException($"guest NIC MAC '{mac}' is not valid; use six hex octets like 52:54:00:12:34:56");
        return mac.Replace('-', ':').ToLowerInvariant();
    }

    private static string RequireIpv4(IPAddress address, string what)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
            throw new TapyardException($"guest {what} {address} is not IPv4; the lab guest configures IPv4 only");
        return address.ToString();
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$")]
    private static partial Regex Mac();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$")]
    private static partial Regex Hostname();
}
