using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

[Trait("Category", "Kernel")]
public sealed class SmokeTests
{
    [Fact]
    public void Veth_and_macvtap_in_a_namespace()
    {
        using var ns = TestNamespace.Create("smoke");
        var links = ns.Netlink.Links;
        var veth = links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        Assert.Equal("up0", veth.Name);
        var tap = links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mode = MacvlanMode.Vepa, Index = 4242, Mac = MacAddress.Parse("52:54:00:aa:bb:cc"), DisableIpv6AddressGeneration = true, TxQueues = 4, RxQueues = 4 });
        Assert.Equal(4242, tap.Index);
        var json = Ip.Link(ns.Name, "vtap0");
        Assert.Equal("macvtap", json.Get("linkinfo", "info_kind")!.Value.GetString());
        Assert.Equal("vepa", json.Get("linkinfo", "info_data", "mode")!.Value.GetString());
        Assert.Equal("none", json.Get("inet6_addr_gen_mode")!.Value.GetString());
        var read = links.Get("vtap0");
        Assert.Equal(MacvlanMode.Vepa, read.MacvlanMode);
        Assert.Equal(veth.Index, read.LowerIndex);
        Assert.Equal(4, read.TxQueues);
        Assert.Equal((byte)1, read.Ipv6AddressGenerationMode);
    }
}
