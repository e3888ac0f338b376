using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Linux.Tests.TrafficControl;

/// <summary>DeviceShaping's filters on the clsact it shares with the VLAN filters.</summary>
[Trait("Category", "Kernel")]
public sealed class DeviceShapingTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create("shape");

    public DeviceShapingTests() =>
        _ns.Netlink.Links.Create(new VethLinkSpec { Name = "v0", PeerName = "v0p", Up = true, DisableIpv6AddressGeneration = true });

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Inbound_shaping_is_one_filter_on_clsact_at_its_priority_and_clear_keeps_the_clsact()
    {
        DeviceShaping.Set(_ns.Netlink, "v0", egress: null, ingress: new ShapingRate(1_000_000, null, 16_384), redirectIngress: true);
        Assert.Contains("clsact", Tc.QdiscKinds(_ns.Name, "v0"));
        Assert.All(Tc.Filters(_ns.Name, "v0", "ingress"), f => Assert.Equal((TcPriorities.Shaping, "u32"), (f.Priority, f.Kind)));
        Assert.NotEmpty(Tc.Filters(_ns.Name, "v0", "ingress"));
        DeviceShaping.Clear(_ns.Netlink, "v0");
        Assert.Empty(Tc.Filters(_ns.Name, "v0", "ingress"));
        Assert.Contains("clsact", Tc.QdiscKinds(_ns.Name, "v0"));
        Assert.Null(_ns.Netlink.Links.TryGet("ifbv0"));
    }

    [Fact]
    public void Without_the_redirect_the_ifb_and_its_htb_are_made_for_the_caller_to_forward_to()
    {
        DeviceShaping.Set(_ns.Netlink, "v0", egress: null, ingress: new ShapingRate(1_000_000, null, 16_384), redirectIngress: false);
        Assert.Equal(LinkKinds.Ifb, _ns.Netlink.Links.Get("ifbv0").Kind);
        Assert.Contains("htb", Tc.QdiscKinds(_ns.Name, "ifbv0"));
        Assert.Empty(Tc.Filters(_ns.Name, "v0", "ingress"));
        DeviceShaping.Clear(_ns.Netlink, "v0");
        Assert.Null(_ns.Netlink.Links.TryGet("ifbv0"));
    }

    [Fact]
    public void Clear_removes_the_redirect_of_the_layout_before_clsact()
    {
        // What earlier Tapyard versions set up: an ingress qdisc and the redirect at priority 1.
        _ns.Netlink.Links.Create(new IfbLinkSpec { Name = "ifbv0", Up = true });
        Ip.RunProgram("tc", "-n", _ns.Name, "qdisc", "add", "dev", "v0", "handle", "ffff:", "ingress");
        Ip.RunProgram("tc", "-n", _ns.Name, "filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "all", "prio", "1",
            "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", "ifbv0");
        DeviceShaping.Clear(_ns.Netlink, "v0");
        Assert.Empty(Tc.Filters(_ns.Name, "v0", "ingress"));
        Assert.Null(_ns.Netlink.Links.TryGet("ifbv0"));
    }
}
