using System.Text.Json;
using Tapyard.Linux.Links;
using Tapyard.Linux.Netlink;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

/// <summary>What a dump parses, compared field by field with `ip -d -j link show`, and each dump filter.</summary>
[Trait("Category", "Kernel")]
public sealed class DumpTests
{
    [Fact]
    public void Every_parsed_field_matches_ip()
    {
        using var ns = TestNamespace.Create("dump");
        var links = ns.Netlink.Links;
        links.Create(new BridgeLinkSpec { Name = "br0", Up = true });
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true, Mtu = 1450 });
        links.SetUp("up0p", true);
        links.SetMaster("up0p", "br0");
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0", Mode = MacvlanMode.Vepa, Group = 9, TxQueues = 2, RxQueues = 2, Up = true, Mac = MacAddress.Parse("52:54:00:00:00:09") });
        links.Create(new MacvlanLinkSpec { Name = "mvl0", Lower = "up0", Mode = MacvlanMode.Private, Tap = false, DisableIpv6AddressGeneration = true });
        links.Change("mvl0", new LinkChange { AllMulticast = true, Promiscuous = true });
        // The kernel updates operstate asynchronously (linkwatch); compare once every up link shows it.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (IpLinks.All(ns.Name).Any(l => l.Flags().Contains("UP") && l.String("operstate") != "UP") && DateTime.UtcNow < deadline)
            Thread.Sleep(20);

        var dumped = links.List();
        var ipLinks = IpLinks.All(ns.Name);

        Assert.Equal(ipLinks.Select(l => l.Int("ifindex")).Order(), dumped.Select(l => l.Index).Order());
        var nameOf = ipLinks.ToDictionary(l => l.Int("ifindex"), l => l.String("ifname"));
        foreach (var ip in ipLinks)
        {
            var link = dumped.Single(l => l.Index == ip.Int("ifindex"));
            Assert.Equal(ip.String("ifname"), link.Name);
            Assert.Equal(ip.Int("mtu"), link.Mtu);
            Assert.Equal(ip.Int("txqlen"), link.TxQueueLength);
            Assert.Equal(ip.String("operstate"), IpOperState(link.OperationalState));
            Assert.Equal(ip.String("address"), link.Mac?.ToString());
            Assert.Equal(ip.Int("num_tx_queues"), link.TxQueues);
            Assert.Equal(ip.Int("num_rx_queues"), link.RxQueues);
            Assert.Equal(ip.Int("promiscuity"), link.Promiscuity);
            Assert.Equal(ip.Int("allmulti"), link.AllMulticastCount);
            Assert.Equal(ip.String("group") is "default" ? 0u : uint.Parse(ip.String("group")), link.Group);
            Assert.Equal(ip.Get("linkinfo", "info_kind")?.GetString(), link.Kind);
            Assert.Equal(ip.Get("linkinfo", "info_slave_kind")?.GetString(), link.SlaveKind);
            Assert.Equal(ip.Get("master")?.GetString(), link.MasterIndex is { } master ? nameOf[master] : null);
            Assert.Equal(ip.Get("inet6_addr_gen_mode")?.GetString(), link.Ipv6AddressGenerationMode switch { 0 => "eui64", 1 => "none", null => null, _ => "?" });
            Assert.Equal(ip.Get("linkinfo", "info_data", "mode")?.GetString(), link.MacvlanMode?.ToName());
            // ip prints a stacked device's lower device and a veth's peer both as "link".
            Assert.Equal(ip.Get("link")?.GetString(), (link.LowerIndex ?? link.PeerIndex) is { } other ? nameOf[other] : null);
            foreach (var (flag, name) in new[] { (InterfaceFlags.Up, "UP"), (InterfaceFlags.AllMulticast, "ALLMULTI"), (InterfaceFlags.Promiscuous, "PROMISC"), (InterfaceFlags.LowerUp, "LOWER_UP"), (InterfaceFlags.Loopback, "LOOPBACK"), (InterfaceFlags.Multicast, "MULTICAST") })
                Assert.True(ip.Flags().Contains(name) == link.Flags.HasFlag(flag), $"{link.Name}: ip flags {string.Join(',', ip.Flags())}, parsed {link.Flags}");
        }
        // The set-up above must really be diverse, or the comparison proves little.
        Assert.Contains(dumped, l => l.IsAllMulticast && l.IsPromiscuous);
        Assert.Contains(dumped, l => l.Group == 9);
        Assert.Contains(dumped, l => l.MasterIndex is not null);
        Assert.Contains(dumped, l => l.OperationalState == OperationalState.Up);
        Assert.Contains(dumped, l => l.Ipv6AddressGenerationMode == 1);
    }

    [Fact]
    public void Kind_filter_is_applied_by_the_kernel()
    {
        using var ns = TestNamespace.Create("dumpkind");
        var links = ns.Netlink.Links;
        BuildMixedNamespace(links);

        var macvtaps = links.List(new LinkFilter { Kind = LinkKinds.Macvtap });

        Assert.Equal(["vtap0", "vtap1", "vtap2"], macvtaps.Select(l => l.Name).Order());
        Assert.All(macvtaps, l => Assert.Equal(LinkKinds.Macvtap, l.Kind));
        Assert.Equal(IpNames(ns.Name, "type", "macvtap"), macvtaps.Select(l => l.Name).Order());
        // Without client-side matching, the kernel alone still returns only macvtaps.
        Assert.Equal(["vtap0", "vtap1", "vtap2"], RawDumpNames(ns, new LinkFilter { Kind = LinkKinds.Macvtap }));
        Assert.Equal(["up0", "up0p", "up1", "up1p"], RawDumpNames(ns, new LinkFilter { Kind = LinkKinds.Veth }));
        Assert.Equal(["mvl0"], links.List(new LinkFilter { Kind = LinkKinds.Macvlan }).Select(l => l.Name));
    }

    [Fact]
    public void Master_filter_is_applied_by_the_kernel()
    {
        using var ns = TestNamespace.Create("dumpmaster");
        var links = ns.Netlink.Links;
        BuildMixedNamespace(links);
        var bridge = links.Get("br0");

        var ports = links.List(new LinkFilter { MasterIndex = bridge.Index });

        Assert.Equal(["up0p", "up1p"], ports.Select(l => l.Name).Order());
        Assert.Equal(IpNames(ns.Name, "master", "br0"), ports.Select(l => l.Name).Order());
        Assert.Equal(["up0p", "up1p"], RawDumpNames(ns, new LinkFilter { MasterIndex = bridge.Index }));
    }

    [Fact]
    public void Lower_device_filter_lists_only_devices_on_that_lower_device()
    {
        using var ns = TestNamespace.Create("dumplower");
        var links = ns.Netlink.Links;
        BuildMixedNamespace(links);
        var up0 = links.Get("up0");

        var onUp0 = links.List(new LinkFilter { LowerIndex = up0.Index });

        // Not up0p: a veth peer is not a device stacked on up0, though ip shows it as up0p@up0 too.
        Assert.Equal(["mvl0", "vtap0", "vtap1"], onUp0.Select(l => l.Name).Order());
        Assert.All(IpLinks.All(ns.Name).Where(l => onUp0.Any(o => o.Index == l.Int("ifindex"))), l => Assert.Equal("up0", l.String("link")));
        Assert.Equal(["vtap0", "vtap1"], links.List(new LinkFilter { LowerIndex = up0.Index, Kind = LinkKinds.Macvtap }).Select(l => l.Name).Order());
        Assert.Equal(["vtap2"], links.List(new LinkFilter { LowerIndex = links.Get("up1").Index }).Select(l => l.Name));
    }

    [Fact]
    public void Group_filter()
    {
        using var ns = TestNamespace.Create("dumpgroup");
        var links = ns.Netlink.Links;
        BuildMixedNamespace(links);

        Assert.Equal(["vtap1", "vtap2"], links.List(new LinkFilter { Group = 31 }).Select(l => l.Name).Order());
        Assert.Equal(IpNames(ns.Name, "group", "31"), links.List(new LinkFilter { Group = 31 }).Select(l => l.Name).Order());
    }

    /// <summary>Tap and tun devices (made here by iproute2 through /dev/net/tun) report kind "tun" and their own info.</summary>
    [Fact]
    public void Tap_and_tun_devices()
    {
        using var ns = TestNamespace.Create("dumptun");
        var links = ns.Netlink.Links;
        Ip.Run("-n", ns.Name, "tuntap", "add", "mode", "tap", "name", "tap0", "multi_queue");
        Ip.Run("-n", ns.Name, "tuntap", "add", "mode", "tun", "name", "tun0");
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });

        var tuns = links.List(new LinkFilter { Kind = LinkKinds.Tun });

        Assert.Equal(["tap0", "tun0"], tuns.Select(l => l.Name).Order());
        var tap = links.Get("tap0");
        var ipTap = Ip.Link(ns.Name, "tap0");
        Assert.Equal("tun", ipTap.String("linkinfo", "info_kind"));
        Assert.Equal("tap", ipTap.String("linkinfo", "info_data", "type"));
        Assert.Equal(LinkKinds.Tun, tap.Kind);
        Assert.Equal(TunLinkType.Tap, tap.TunType);
        Assert.True(tap.TunPersistent);
        Assert.True(tap.TunMultiQueue);
        Assert.Null(tap.LowerIndex);
        Assert.NotNull(tap.Mac);
        var tun = links.Get("tun0");
        Assert.Equal("tun", Ip.Link(ns.Name, "tun0").String("linkinfo", "info_data", "type"));
        Assert.Equal(TunLinkType.Tun, tun.TunType);
        Assert.False(tun.TunMultiQueue);
        Assert.Null(tun.Mac); // a tun device has no link-layer address
    }

    private static void BuildMixedNamespace(LinkOperations links)
    {
        links.Create(new BridgeLinkSpec { Name = "br0" });
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.Create(new VethLinkSpec { Name = "up1", PeerName = "up1p" });
        links.SetMaster("up0p", "br0");
        links.SetMaster("up1p", "br0");
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" });
        links.Create(new MacvlanLinkSpec { Name = "vtap1", Lower = "up0", Mode = MacvlanMode.Vepa, Group = 31 });
        links.Create(new MacvlanLinkSpec { Name = "vtap2", Lower = "up1", Group = 31 });
        links.Create(new MacvlanLinkSpec { Name = "mvl0", Lower = "up0", Tap = false });
    }

    /// <summary>`ip link show [type T | master M | group G]`: iproute2's own filtering, as a witness.</summary>
    private static IEnumerable<string> IpNames(string ns, params string[] filter)
    {
        using var doc = JsonDocument.Parse(Ip.Run(["-n", ns, "-j", "link", "show", .. filter]));
        // iproute2 6.1 prints an empty object for each link `group G` filters out.
        return doc.RootElement.EnumerateArray()
            .Where(l => l.TryGetProperty("ifname", out _))
            .Select(l => l.GetProperty("ifname").GetString()!).Order().ToList();
    }

    /// <summary>The names in the kernel's reply to Tapyard's dump request, without <see cref="LinkFilter.Matches"/>.</summary>
    private static IEnumerable<string> RawDumpNames(TestNamespace ns, LinkFilter filter)
    {
        using var socket = ns.Namespace.OpenNetlinkSocket();
        var request = new NetlinkMessageWriter();
        LinkRequests.Dump(request, filter);
        var names = new List<string>();
        socket.Dump(request, "raw dump", message => names.Add(LinkMessageParser.Parse(message).Name));
        return names.Order().ToList();
    }

    private static string IpOperState(OperationalState state) => state switch
    {
        OperationalState.Up => "UP",
        OperationalState.Down => "DOWN",
        OperationalState.LowerLayerDown => "LOWERLAYERDOWN",
        OperationalState.Unknown => "UNKNOWN",
        OperationalState.Dormant => "DORMANT",
        OperationalState.NotPresent => "NOTPRESENT",
        OperationalState.Testing => "TESTING",
        _ => "?",
    };
}
