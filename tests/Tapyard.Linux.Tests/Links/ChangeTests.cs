using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>Every setting <see cref="LinkOperations.Change(string, LinkChange)"/> makes, as `ip -d -j link show` sees it.</summary>
[Trait("Category", "Kernel")]
public sealed class ChangeTests
{
    [Fact]
    public void Up_and_down()
    {
        using var ns = TestNamespace.Create("updown");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.SetUp("ve0", true);
        Assert.Contains("UP", Ip.Link(ns.Name, "ve0").Flags());
        Assert.True(links.Get("ve0").IsUp);

        links.SetUp("ve0", false);
        Assert.DoesNotContain("UP", Ip.Link(ns.Name, "ve0").Flags());
        Assert.False(links.Get("ve0").IsUp);
    }

    [Fact]
    public void Operational_state_follows_carrier()
    {
        using var ns = TestNamespace.Create("operstate");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p", Up = true });
        Assert.Equal("LOWERLAYERDOWN", Ip.Link(ns.Name, "ve0").String("operstate"));
        Assert.Equal(OperationalState.LowerLayerDown, links.Get("ve0").OperationalState);

        links.SetUp("ve0p", true);

        Assert.Equal("UP", Ip.Link(ns.Name, "ve0").String("operstate"));
        Assert.Equal(OperationalState.Up, links.Get("ve0").OperationalState);
        Assert.Contains("LOWER_UP", Ip.Link(ns.Name, "ve0").Flags());
        Assert.True(links.Get("ve0").Flags.HasFlag(InterfaceFlags.LowerUp));
    }

    [Fact]
    public void Mac_mtu_and_txqlen_in_one_change()
    {
        using var ns = TestNamespace.Create("macmtu");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.Change("ve0", new LinkChange { Mac = MacAddress.Parse("52:54:00:ab:cd:ef"), Mtu = 1400, TxQueueLength = 77 });

        var ip = Ip.Link(ns.Name, "ve0");
        Assert.Equal("52:54:00:ab:cd:ef", ip.String("address"));
        Assert.Equal(1400, ip.Int("mtu"));
        Assert.Equal(77, ip.Int("txqlen"));
        var read = links.Get("ve0");
        Assert.Equal(MacAddress.Parse("52:54:00:ab:cd:ef"), read.Mac);
        Assert.Equal(1400, read.Mtu);
        Assert.Equal(77, read.TxQueueLength);
    }

    [Fact]
    public void Master_and_nomaster()
    {
        using var ns = TestNamespace.Create("master");
        var links = ns.Netlink.Links;
        var bridge = links.Create(new BridgeLinkSpec { Name = "br0" });
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.SetMaster("ve0", "br0");
        Assert.Equal("br0", Ip.Link(ns.Name, "ve0").String("master"));
        Assert.Equal("bridge", Ip.Link(ns.Name, "ve0").String("linkinfo", "info_slave_kind"));
        var enslaved = links.Get("ve0");
        Assert.Equal(bridge.Index, enslaved.MasterIndex);
        Assert.Equal("bridge", enslaved.SlaveKind);

        links.SetMaster("ve0", null);
        Assert.Null(Ip.Link(ns.Name, "ve0").Get("master"));
        Assert.Null(links.Get("ve0").MasterIndex);

        links.Change(enslaved.Index, new LinkChange { MasterIndex = bridge.Index });
        Assert.Equal("br0", Ip.Link(ns.Name, "ve0").String("master"));
    }

    [Fact]
    public void Allmulticast_and_promiscuous_on_and_off()
    {
        using var ns = TestNamespace.Create("allmulti");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.Change("ve0", new LinkChange { AllMulticast = true, Promiscuous = true });
        var ip = Ip.Link(ns.Name, "ve0");
        Assert.Contains("ALLMULTI", ip.Flags());
        Assert.Contains("PROMISC", ip.Flags());
        Assert.Equal(1, ip.Int("promiscuity"));
        var read = links.Get("ve0");
        Assert.True(read.IsAllMulticast);
        Assert.True(read.IsPromiscuous);
        Assert.Equal(1, read.Promiscuity);

        links.Change("ve0", new LinkChange { AllMulticast = false });
        ip = Ip.Link(ns.Name, "ve0");
        Assert.DoesNotContain("ALLMULTI", ip.Flags());
        Assert.Contains("PROMISC", ip.Flags()); // untouched: each flag changes only when asked

        links.Change("ve0", new LinkChange { Promiscuous = false });
        Assert.DoesNotContain("PROMISC", Ip.Link(ns.Name, "ve0").Flags());
        Assert.False(links.Get("ve0").IsPromiscuous);
    }

    [Fact]
    public void Rename_by_name_and_by_index()
    {
        using var ns = TestNamespace.Create("rename");
        var links = ns.Netlink.Links;
        var veth = links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p", Up = true });

        links.Change("ve0", new LinkChange { NewName = "uplink0" });
        Assert.Equal("uplink0", IpLinks.ByIndex(ns.Name, veth.Index).String("ifname"));
        Assert.Null(links.TryGet("ve0"));

        links.Change(veth.Index, new LinkChange { NewName = "uplink1", Mtu = 1300 });
        var ip = IpLinks.ByIndex(ns.Name, veth.Index);
        Assert.Equal("uplink1", ip.String("ifname"));
        Assert.Equal(1300, ip.Int("mtu"));
        Assert.Equal(veth.Index, links.Get("uplink1").Index);
    }

    [Fact]
    public void Group()
    {
        using var ns = TestNamespace.Create("group");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.Change("ve0", new LinkChange { Group = 4242 });

        Assert.Equal("4242", Ip.Link(ns.Name, "ve0").String("group"));
        Assert.Equal("default", Ip.Link(ns.Name, "ve0p").String("group"));
        Assert.Equal(4242u, links.Get("ve0").Group);
    }

    [Fact]
    public void Addrgen_none_and_up_in_one_change_gets_no_link_local_address()
    {
        using var ns = TestNamespace.Create("chaddrgen");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });
        links.SetUp("ve0p", true);

        links.Change("ve0", new LinkChange { DisableIpv6AddressGeneration = true, Up = true });

        var ip = Ip.Link(ns.Name, "ve0");
        Assert.Equal("none", ip.String("inet6_addr_gen_mode"));
        Assert.Contains("UP", ip.Flags());
        Assert.Contains("LOWER_UP", ip.Flags());
        Thread.Sleep(100);
        Assert.Empty(IpLinks.Ipv6Addresses(ns.Name, "ve0"));
    }

    [Fact]
    public void Move_to_another_namespace_by_name()
    {
        using var ns = TestNamespace.Create("movefrom");
        using var target = TestNamespace.Create("moveto");
        using var targetHandle = target.Namespace.OpenHandle();
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "ve0", Mac = MacAddress.Parse("52:54:00:00:0a:01") });

        links.Change("vtap0", new LinkChange { Namespace = targetHandle });

        Assert.DoesNotContain("vtap0", IpLinks.Names(ns.Name));
        var ip = Ip.Link(target.Name, "vtap0");
        Assert.Equal("macvtap", ip.String("linkinfo", "info_kind"));
        Assert.Equal("52:54:00:00:0a:01", ip.String("address"));
        Assert.Null(links.TryGet("vtap0"));
        var moved = target.Netlink.Links.Get("vtap0");
        // The lower device stayed behind: the kernel names it by index in the first namespace, with a netnsid.
        Assert.Equal(links.Get("ve0").Index, moved.LowerIndex);
        Assert.Equal(ip.Int("link_netnsid"), moved.LowerNamespaceId);
        Assert.Empty(target.Netlink.Links.List(new LinkFilter { LowerIndex = moved.LowerIndex }));
    }

    [Fact]
    public void Move_to_another_namespace_by_index_with_new_name()
    {
        using var ns = TestNamespace.Create("movefrom");
        using var target = TestNamespace.Create("moveto");
        using var targetHandle = target.Namespace.OpenHandle();
        var links = ns.Netlink.Links;
        var veth = links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p" });

        links.Change(veth.Index, new LinkChange { Namespace = targetHandle, NewName = "uplink" });

        Assert.DoesNotContain("ve0", IpLinks.Names(ns.Name));
        Assert.Contains("ve0p", IpLinks.Names(ns.Name));
        Assert.Equal("veth", Ip.Link(target.Name, "uplink").String("linkinfo", "info_kind"));
        Assert.Equal(links.Get("ve0p").Index, target.Netlink.Links.Get("uplink").PeerIndex);
    }
}
