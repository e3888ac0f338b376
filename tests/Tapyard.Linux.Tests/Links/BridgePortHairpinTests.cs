using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>Hairpin on a bridge port over netlink (IFLA_PROTINFO under AF_BRIDGE), as iproute2 and LinkInfo see it.</summary>
[Trait("Category", "Kernel")]
public sealed class BridgePortHairpinTests
{
    [Fact]
    public void On_and_off_as_iproute2_and_the_dump_see_it()
    {
        using var ns = TestNamespace.Create("hairpin");
        var links = ns.Netlink.Links;
        var bridge = links.Create(new BridgeLinkSpec { Name = "br0", Up = true });
        links.Create(new VethLinkSpec { Name = "port1", PeerName = "port1p" });
        links.Change("port1", new LinkChange { MasterIndex = bridge.Index });
        Assert.False(links.Get("port1").BridgePortHairpin);

        links.SetBridgePortHairpin("port1", true);
        Assert.True(Ip.Link(ns.Name, "port1").Get("linkinfo", "info_slave_data", "hairpin")?.GetBoolean());
        Assert.True(links.Get("port1").BridgePortHairpin);
        Assert.True(links.List().Single(l => l.Name == "port1").BridgePortHairpin);

        links.SetBridgePortHairpin("port1", false);
        Assert.False(Ip.Link(ns.Name, "port1").Get("linkinfo", "info_slave_data", "hairpin")?.GetBoolean());
        Assert.False(links.Get("port1").BridgePortHairpin);
        Assert.Null(links.Get("br0").BridgePortHairpin);
    }

    [Fact]
    public void A_device_that_is_no_bridge_port_is_refused_by_name()
    {
        using var ns = TestNamespace.Create("hairpin-np");
        ns.Netlink.Links.Create(new VethLinkSpec { Name = "loose", PeerName = "loosep" });

        var error = Assert.Throws<TapyardLinuxException>(() => ns.Netlink.Links.SetBridgePortHairpin("loose", true));

        Assert.Contains("loose", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a bridge port", error.Message, StringComparison.Ordinal);
        Assert.Throws<LinkNotFoundException>(() => ns.Netlink.Links.SetBridgePortHairpin("nothere", true));
    }
}
