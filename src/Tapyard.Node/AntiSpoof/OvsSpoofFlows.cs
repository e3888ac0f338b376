using System.Globalization;
using System.Net;
using System.Text;
using Tapyard.Linux.Links;

namespace Tapyard.Node.AntiSpoof;

/// <summary>
/// Anti-spoofing for openvswitch NICs as OpenFlow rules, because the nftables ingress hook comes too
/// late there: OVS's userspace (netdev) datapath reads each port through a packet socket, and the
/// kernel hands a received frame to packet sockets BEFORE the netdev ingress hook runs (measured:
/// a forged frame dropped by the ingress chain still left through OVS). The rules, all with the NIC's
/// cookie so one `del-flows BR cookie=C/-1` removes them, admit from the NIC's port only its own MAC
/// (and with an IP: ARP with its own sender MAC and IP or 0.0.0.0, IPv4 with its own source, DHCP
/// from 0.0.0.0), handing admitted frames to the NORMAL (learning switch) pipeline, and drop the rest.
/// Assumes the bridge runs the default NORMAL pipeline in table 0 (no SDN controller's flows).
/// </summary>
public static class OvsSpoofFlows
{
    private const int Base = 40000;

    /// <summary>The flows for ovs-ofctl add-flows, one per line.</summary>
    public static string Build(ulong cookie, string port, MacAddress mac, IPAddress? ip)
    {
        var lines = new List<string>();
        string c = $"cookie=0x{cookie.ToString("x", CultureInfo.InvariantCulture)},table=0";
        string from = $"in_port=\"{port}\",dl_src={mac}";
        if (ip is not null)
        {
            lines.Add($"{c},priority={Base + 20},{from},arp,arp_sha={mac},arp_spa={ip},actions=NORMAL");
            lines.Add($"{c},priority={Base + 20},{from},arp,arp_sha={mac},arp_spa=0.0.0.0,actions=NORMAL");
            lines.Add($"{c},priority={Base + 20},{from},ip,nw_src={ip},actions=NORMAL");
            lines.Add($"{c},priority={Base + 20},{from},udp,nw_src=0.0.0.0,tp_src=68,tp_dst=67,actions=NORMAL");
            lines.Add($"{c},priority={Base + 10},{from},ip,actions=drop");
        }
        else
        {
            lines.Add($"{c},priority={Base + 20},{from},arp,arp_sha={mac},actions=NORMAL");
        }
        lines.Add($"{c},priority={Base + 10},{from},arp,actions=drop");
        lines.Add($"{c},priority={Base},{from},actions=NORMAL");
        lines.Add($"{c},priority={Base - 10},in_port=\"{port}\",actions=drop");
        var text = new StringBuilder();
        foreach (string line in lines)
            text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>A cookie per NIC: the first 8 bytes of its UUID, never 0 (0 is every flow without a cookie).</summary>
    public static ulong CookieOf(Guid nic)
    {
        Span<byte> bytes = stackalloc byte[16];
        nic.TryWriteBytes(bytes);
        ulong cookie = BitConverter.ToUInt64(bytes[..8]);
        return cookie == 0 ? 1 : cookie;
    }
}
