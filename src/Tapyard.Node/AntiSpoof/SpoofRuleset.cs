using System.Net;
using System.Text;
using Tapyard.Linux.Links;

namespace Tapyard.Node.AntiSpoof;

/// <summary>
/// The nftables ruleset that guards one NIC: a netdev table of its own with one base chain on the
/// device, dropping what the guest sends with another source MAC, and, when the NIC has an IPv4
/// address, ARP with another sender (MAC or IP) and IPv4 with another source address. DHCP (source
/// 0.0.0.0 to port 67) and ARP probes (sender IP 0.0.0.0, RFC 5227) stay allowed. IPv6 is not checked.
/// A tap whose sent frames are shaped (bw_out) has its chain forward what it admits to the ifb
/// (`fwd to`), instead of a tc redirect: tc ingress runs before this hook, and the ifb hands frames
/// back to the tap's receive path past tc and this hook both, so a tc redirect let a shaped guest
/// spoof freely (measured, 6.18). The ifb's own netdev egress hook is no place for the checks either:
/// a frame redirected from tc ingress skips it (nf_skip_egress, measured).
/// </summary>
public static class SpoofRuleset
{
    /// <summary>Before the hooks of anything else on the device (tc runs apart; other netdev tables at 0).</summary>
    public const int Priority = -500;

    /// <summary>
    /// The text for `nft -f -`: "add table; delete table" first, so a leftover table of the same name
    /// (a crash between device delete and table delete) is replaced in the same atomic transaction.
    /// </summary>
    /// <param name="forwardTo">The ifb admitted frames go to (ingress hook only); null: they go their way.</param>
    public static string Build(string table, string device, SpoofHook hook, MacAddress mac, IPAddress? ip, string? forwardTo = null)
    {
        if (forwardTo is not null && hook != SpoofHook.Ingress)
            throw new ArgumentException($"only an ingress chain forwards to an ifb, not the {hook} chain of {device}", nameof(forwardTo));
        // nft resolves the name to an ifindex when the table is loaded: the ifb must exist, and a new ifb needs the table applied again.
        string admit = forwardTo is null ? "accept" : $"fwd to \"{forwardTo}\"";
        string hookName = hook == SpoofHook.Ingress ? "ingress" : "egress";
        var text = new StringBuilder();
        text.Append("add table netdev ").Append(table).Append('\n');
        text.Append("delete table netdev ").Append(table).Append('\n');
        text.Append("table netdev ").Append(table).Append(" {\n");
        text.Append("\tchain guest {\n");
        text.Append("\t\ttype filter hook ").Append(hookName).Append(" device \"").Append(device).Append("\" priority ")
            .Append(Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("; policy accept;\n");
        text.Append("\t\tether saddr != ").Append(mac).Append(" drop\n");
        text.Append("\t\tarp saddr ether != ").Append(mac).Append(" drop\n");
        if (ip is not null)
        {
            text.Append("\t\tarp saddr ip != { ").Append(ip).Append(", 0.0.0.0 } drop\n");
            text.Append("\t\tip saddr 0.0.0.0 udp sport 68 udp dport 67 ").Append(admit).Append('\n');
            text.Append("\t\tip saddr != ").Append(ip).Append(" drop\n");
        }
        if (forwardTo is not null)
            text.Append("\t\t").Append(admit).Append('\n');
        text.Append("\t}\n}\n");
        return text.ToString();
    }

    /// <summary>Deletes tables in one transaction; "add" first makes deleting a table that is already gone a no-op.</summary>
    public static string Delete(IEnumerable<string> tables)
    {
        var text = new StringBuilder();
        foreach (string table in tables)
        {
            text.Append("add table netdev ").Append(table).Append('\n');
            text.Append("delete table netdev ").Append(table).Append('\n');
        }
        return text.ToString();
    }
}
