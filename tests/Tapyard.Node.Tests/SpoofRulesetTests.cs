using System.Net;
using Tapyard.Linux.Links;
using Tapyard.Node.AntiSpoof;

namespace Tapyard.Node.Tests;

public sealed class SpoofRulesetTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("52:54:00:12:34:56");

    [Fact]
    public void Replaces_a_leftover_table_atomically_and_hooks_the_given_device()
    {
        string text = SpoofRuleset.Build("tapyard_vtap0", "vtap0", SpoofHook.Egress, Mac, null);
        Assert.StartsWith("add table netdev tapyard_vtap0\ndelete table netdev tapyard_vtap0\ntable netdev tapyard_vtap0 {", text);
        Assert.Contains("type filter hook egress device \"vtap0\" priority -500; policy accept;", text);
        Assert.Contains("ether saddr != 52:54:00:12:34:56 drop", text);
        Assert.Contains("arp saddr ether != 52:54:00:12:34:56 drop", text);
        Assert.DoesNotContain("ip saddr", text);
    }

    [Fact]
    public void With_an_ip_it_checks_arp_sender_and_ipv4_source_and_lets_dhcp_and_arp_probes_through()
    {
        string text = SpoofRuleset.Build("tapyard_tytap0", "tytap0", SpoofHook.Ingress, Mac, IPAddress.Parse("192.0.2.10"));
        Assert.Contains("type filter hook ingress device \"tytap0\"", text);
        Assert.Contains("arp saddr ip != { 192.0.2.10, 0.0.0.0 } drop", text);
        Assert.Contains("ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept", text);
        Assert.True(text.IndexOf("udp dport 67 accept", StringComparison.Ordinal) < text.IndexOf("ip saddr != 192.0.2.10 drop", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shaped_tap_forwards_what_it_admits_to_its_ifb_after_every_check()
    {
        string text = SpoofRuleset.Build("tapyard_tytap0", "tytap0", SpoofHook.Ingress, Mac, IPAddress.Parse("192.0.2.10"), "ifbtytap0");
        Assert.Contains("ip saddr 0.0.0.0 udp sport 68 udp dport 67 fwd to \"ifbtytap0\"", text);
        Assert.DoesNotContain("accept\n", text);
        Assert.EndsWith("\t\tip saddr != 192.0.2.10 drop\n\t\tfwd to \"ifbtytap0\"\n\t}\n}\n", text);
        Assert.EndsWith("arp saddr ether != 52:54:00:12:34:56 drop\n\t\tfwd to \"ifbtytap0\"\n\t}\n}\n",
            SpoofRuleset.Build("tapyard_tytap0", "tytap0", SpoofHook.Ingress, Mac, null, "ifbtytap0"));
    }

    [Fact]
    public void Only_an_ingress_chain_forwards_to_an_ifb()
    {
        var e = Assert.Throws<ArgumentException>(() => SpoofRuleset.Build("tapyard_vtap0", "vtap0", SpoofHook.Egress, Mac, null, "ifbvtap0"));
        Assert.Contains("Egress chain of vtap0", e.Message);
    }

    [Fact]
    public void Ovs_flows_carry_the_nics_cookie_admit_its_own_sources_and_drop_the_rest_of_its_port()
    {
        ulong cookie = OvsSpoofFlows.CookieOf(Guid.Parse("00000000-0000-0000-0000-000000000001"));
        Assert.NotEqual(0UL, cookie);
        var lines = OvsSpoofFlows.Build(0xabc, "tyovs0", Mac, IPAddress.Parse("192.0.2.10")).TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.StartsWith("cookie=0xabc,table=0,priority=", line));
        Assert.Contains(lines, l => l.EndsWith("in_port=\"tyovs0\",dl_src=52:54:00:12:34:56,ip,nw_src=192.0.2.10,actions=NORMAL", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("in_port=\"tyovs0\",dl_src=52:54:00:12:34:56,arp,arp_sha=52:54:00:12:34:56,arp_spa=192.0.2.10,actions=NORMAL", StringComparison.Ordinal));
        Assert.Equal("cookie=0xabc,table=0,priority=39990,in_port=\"tyovs0\",actions=drop", lines[^1]);
        Assert.Equal("vtap1", SpoofGuard.DeviceOf("tapyard_vtap1"));
        Assert.Null(SpoofGuard.DeviceOf("other"));
    }
}
