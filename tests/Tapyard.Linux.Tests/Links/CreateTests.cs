using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>Every link kind Tapyard creates, and every create-time setting, as `ip -d -j link show` sees it.</summary>
[Trait("Category", "Kernel")]
public sealed class CreateTests
{
    [Theory]
    [InlineData(true, MacvlanMode.Vepa, "vepa")]
    [InlineData(true, MacvlanMode.Bridge, "bridge")]
    [InlineData(true, MacvlanMode.Private, "private")]
    [InlineData(true, MacvlanMode.Passthru, "passthru")]
    [InlineData(false, MacvlanMode.Vepa, "vepa")]
    [InlineData(false, MacvlanMode.Bridge, "bridge")]
    [InlineData(false, MacvlanMode.Private, "private")]
    [InlineData(false, MacvlanMode.Passthru, "passthru")]
    public void Macvtap_and_macvlan_in_each_mode(bool tap, MacvlanMode mode, string ipModeName)
    {
        using var ns = TestNamespace.Create("mode");
        var links = ns.Netlink.Links;
        var lower = links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });

        var created = links.Create(new MacvlanLinkSpec { Name = "mv0", Lower = "up0", Mode = mode, Tap = tap });

        string kind = tap ? "macvtap" : "macvlan";
        var ip = Ip.Link(ns.Name, "mv0");
        Assert.Equal(kind, ip.String("linkinfo", "info_kind"));
        Assert.Equal(ipModeName, ip.String("linkinfo", "info_data", "mode"));
        Assert.Equal("up0", ip.String("link"));
        Assert.Equal(ip.Int("ifindex"), created.Index);
        foreach (var read in new[] { created, links.Get("mv0") })
        {
            Assert.Equal(kind, read.Kind);
            Assert.Equal(mode, read.MacvlanMode);
            Assert.Equal(lower.Index, read.LowerIndex);
            Assert.Null(read.PeerIndex);
        }
        if (mode == MacvlanMode.Passthru)
            Assert.Equal(Ip.Link(ns.Name, "up0").String("address"), ip.String("address")); // passthru takes the lower device's MAC
    }

    [Fact]
    public void Veth_pair_reports_its_peer_not_a_lower_device()
    {
        using var ns = TestNamespace.Create("veth");
        var links = ns.Netlink.Links;

        var veth = links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p", Mac = MacAddress.Parse("52:54:00:00:00:01"), PeerMac = MacAddress.Parse("52:54:00:00:00:02") });

        var ip = Ip.Link(ns.Name, "ve0");
        var ipPeer = Ip.Link(ns.Name, "ve0p");
        Assert.Equal("veth", ip.String("linkinfo", "info_kind"));
        Assert.Equal("veth", ipPeer.String("linkinfo", "info_kind"));
        Assert.Equal("ve0p", ip.String("link"));
        Assert.Equal("52:54:00:00:00:01", ip.String("address"));
        Assert.Equal("52:54:00:00:00:02", ipPeer.String("address"));
        var peer = links.Get("ve0p");
        Assert.Equal(ipPeer.Int("ifindex"), peer.Index);
        Assert.Equal(peer.Index, veth.PeerIndex);
        Assert.Equal(veth.Index, peer.PeerIndex);
        Assert.Null(veth.LowerIndex);
        Assert.Null(veth.LowerNamespaceId);
    }

    [Fact]
    public void Veth_peer_created_directly_in_another_namespace()
    {
        using var ns = TestNamespace.Create("vethns");
        using var other = TestNamespace.Create("vethpeer");
        using var otherHandle = other.Namespace.OpenHandle();

        var veth = ns.Netlink.Links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p", PeerNamespace = otherHandle, Index = 4099, PeerIndex = 4100 });

        Assert.DoesNotContain("ve0p", IpLinks.Names(ns.Name));
        var ipPeer = Ip.Link(other.Name, "ve0p");
        Assert.Equal("veth", ipPeer.String("linkinfo", "info_kind"));
        Assert.Equal(4100, ipPeer.Int("ifindex"));
        var ip = Ip.Link(ns.Name, "ve0");
        Assert.Equal(4100, ip.Int("link_index"));
        Assert.Equal(ip.Int("link_netnsid"), veth.LowerNamespaceId);
        Assert.Equal(4100, veth.PeerIndex);
        Assert.Equal(4099, other.Netlink.Links.Get("ve0p").PeerIndex);
        Assert.Equal(4099, veth.Index);
    }

    [Fact]
    public void Veth_peer_index_without_own_index_is_refused_because_the_kernel_would_ignore_it()
    {
        using var ns = TestNamespace.Create("vethidx");

        var e = Assert.Throws<TapyardLinuxException>(() => ns.Netlink.Links.Create(new VethLinkSpec { Name = "ve0", PeerName = "ve0p", PeerIndex = 4100 }));

        Assert.Equal("an ifindex for veth peer ve0p needs one for ve0 too: the kernel ignores the peer's otherwise", e.Message);
        Assert.Equal(["lo"], IpLinks.Names(ns.Name));
    }

    [Fact]
    public void Bridge()
    {
        using var ns = TestNamespace.Create("bridge");

        var bridge = ns.Netlink.Links.Create(new BridgeLinkSpec { Name = "br0", Up = true });

        var ip = Ip.Link(ns.Name, "br0");
        Assert.Equal("bridge", ip.String("linkinfo", "info_kind"));
        Assert.Equal(0, ip.Int("linkinfo", "info_data", "vlan_filtering"));
        Assert.Contains("UP", ip.Flags());
        Assert.Equal(LinkKinds.Bridge, bridge.Kind);
        Assert.False(bridge.BridgeVlanFiltering);
        Assert.True(bridge.IsUp);
    }

    /// <summary>
    /// Kernels without CONFIG_BRIDGE_VLAN_FILTERING (this project's machines) refuse vlan_filtering:
    /// then the error must say so and leave no bridge behind. iproute2 decides which case applies.
    /// </summary>
    [Fact]
    public void Bridge_with_vlan_filtering()
    {
        using var ns = TestNamespace.Create("brvlan");
        var spec = new BridgeLinkSpec { Name = "br0", VlanFiltering = true };

        if (!KernelFeatures.BridgeVlanFiltering(ns.Name))
        {
            var e = Assert.Throws<KernelFeatureMissingException>(() => ns.Netlink.Links.Create(spec));
            Assert.Equal("cannot create br0: this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING is neither built in nor loadable)", e.Message);
            Assert.DoesNotContain("br0", IpLinks.Names(ns.Name));
            return;
        }
        var bridge = ns.Netlink.Links.Create(spec);
        Assert.Equal(1, Ip.Link(ns.Name, "br0").Int("linkinfo", "info_data", "vlan_filtering"));
        Assert.True(bridge.BridgeVlanFiltering);
    }

    /// <summary>802.1Q sub-interfaces; on a kernel without CONFIG_VLAN_8021Q the refusal must be clear and change nothing.</summary>
    [Fact]
    public void Vlan_sub_interface()
    {
        using var ns = TestNamespace.Create("vlan");
        var links = ns.Netlink.Links;
        var lower = links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        var spec = new VlanLinkSpec { Name = "up0.100", Lower = "up0", VlanId = 100 };

        if (!KernelFeatures.VlanDevices(ns.Name, "up0"))
        {
            var e = Assert.Throws<KernelFeatureMissingException>(() => links.Create(spec));
            Assert.Equal("cannot create up0.100: this kernel has no 802.1Q VLAN devices (CONFIG_VLAN_8021Q is neither built in nor loadable)", e.Message);
            Assert.Equal(["lo", "up0", "up0p"], IpLinks.Names(ns.Name).Order());
            return;
        }
        var vlan = links.Create(spec);
        var ip = Ip.Link(ns.Name, "up0.100");
        Assert.Equal("vlan", ip.String("linkinfo", "info_kind"));
        Assert.Equal(100, ip.Int("linkinfo", "info_data", "id"));
        Assert.Equal("802.1Q", ip.String("linkinfo", "info_data", "protocol"));
        Assert.Equal("up0", ip.String("link"));
        Assert.Equal((ushort)100, vlan.VlanId);
        Assert.Equal(lower.Index, vlan.LowerIndex);
    }

    [Fact]
    public void Explicit_ifindex_queue_counts_group_mac_mtu_txqlen_and_addrgen_none()
    {
        using var ns = TestNamespace.Create("settings");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Mtu = 1500 });
        int index = IfindexAllocator.Shared.Pick();

        var tap = links.Create(new MacvlanLinkSpec
        {
            Name = "vtap0", Lower = "up0", Index = index, TxQueues = 4, RxQueues = 3, Group = 77,
            Mac = MacAddress.Parse("52:54:00:12:34:56"), Mtu = 1400, TxQueueLength = 321, DisableIpv6AddressGeneration = true,
        });

        var ip = Ip.Link(ns.Name, "vtap0");
        Assert.Equal(index, ip.Int("ifindex"));
        Assert.Equal(4, ip.Int("num_tx_queues"));
        Assert.Equal(3, ip.Int("num_rx_queues"));
        Assert.Equal("77", ip.String("group"));
        Assert.Equal("52:54:00:12:34:56", ip.String("address"));
        Assert.Equal(1400, ip.Int("mtu"));
        Assert.Equal(321, ip.Int("txqlen"));
        Assert.Equal("none", ip.String("inet6_addr_gen_mode"));
        Assert.Equal(index, tap.Index);
        Assert.Equal(4, tap.TxQueues);
        Assert.Equal(3, tap.RxQueues);
        Assert.Equal(77u, tap.Group);
        Assert.Equal(MacAddress.Parse("52:54:00:12:34:56"), tap.Mac);
        Assert.Equal(1400, tap.Mtu);
        Assert.Equal(321, tap.TxQueueLength);
        Assert.Equal((byte)1, tap.Ipv6AddressGenerationMode);
        Assert.True(File.Exists($"/dev/tap{index}") || !Directory.Exists("/dev"), "devtmpfs makes /dev/tapN for the macvtap");
    }

    /// <summary>
    /// addr-gen-mode none exists so the host never speaks IPv6 on a guest's device: a device created
    /// up with it must not get a link-local address. The control device, created up without it, does.
    /// </summary>
    [Fact]
    public void Created_up_with_addrgen_none_gets_no_link_local_address()
    {
        using var ns = TestNamespace.Create("addrgen");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        links.SetUp("up0p", true); // carrier for the macvtaps: addrconf waits for it

        var quiet = links.Create(new MacvlanLinkSpec { Name = "vquiet", Lower = "up0", Up = true, DisableIpv6AddressGeneration = true });
        links.Create(new MacvlanLinkSpec { Name = "vcontrol", Lower = "up0", Up = true });

        Assert.True(quiet.IsUp);
        Assert.Equal((byte)1, quiet.Ipv6AddressGenerationMode);
        Assert.Contains("UP", Ip.Link(ns.Name, "vquiet").Flags());
        Assert.Equal("none", Ip.Link(ns.Name, "vquiet").String("inet6_addr_gen_mode"));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (IpLinks.Ipv6Addresses(ns.Name, "vcontrol").Count == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Assert.Contains(IpLinks.Ipv6Addresses(ns.Name, "vcontrol"), address => address.StartsWith("fe80:"));
        Assert.Empty(IpLinks.Ipv6Addresses(ns.Name, "vquiet"));
    }

    /// <summary>
    /// Below 1280 bytes of MTU a device has no IPv6 state, so the kernel refuses addr-gen-mode
    /// (EAFNOSUPPORT); no link-local address can appear either, so the create still succeeds.
    /// </summary>
    [Fact]
    public void Addrgen_none_on_a_device_without_ipv6_still_creates_it()
    {
        using var ns = TestNamespace.Create("noipv6");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });

        var tap = links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mtu = 1000, Up = true, DisableIpv6AddressGeneration = true });

        var ip = Ip.Link(ns.Name, "vtap0");
        Assert.Equal(1000, ip.Int("mtu"));
        Assert.Contains("UP", ip.Flags());
        Assert.Null(ip.Get("inet6_addr_gen_mode"));
        Assert.Null(tap.Ipv6AddressGenerationMode);
        Assert.True(tap.IsUp);
    }
}
