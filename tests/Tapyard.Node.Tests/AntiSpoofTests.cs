using System.Diagnostics;
using System.Net;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Tests.Support;
using Xunit.Abstractions;

namespace Tapyard.Node.Tests;

/// <summary>
/// Anti-spoofing with real frames written to the guest side (queue fds): what the guest sends with a
/// foreign source MAC, ARP sender or IPv4 source must not reach the switch, its own frames must, and
/// spoof_check=off lets everything through.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class AntiSpoofTests(ITestOutputHelper output)
{
    private const string NodeBridge = "brx";
    private const string OvsBridge = "ovsbr";
    private static readonly MacAddress Foreign = MacAddress.Parse("52:54:00:ee:ee:ee");
    private static readonly IPAddress GuestIp = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress ForeignIp = IPAddress.Parse("192.0.2.66");
    private static readonly IPAddress Outside = IPAddress.Parse("192.0.2.1");

    /// <summary>
    /// shaped: bw_in and bw_out set. A macvtap's bw_out is an HTB root qdisc on its egress, and the
    /// netdev egress hook runs in __dev_queue_xmit before the qdisc, so the guard sees every frame first.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Macvtap_drops_foreign_mac_arp_and_ip_sources_on_the_egress_hook(bool shaped)
    {
        using var lab = NodeLab.Create("spmv");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [Shaped(NodeLab.Nic(0, "52:54:00:40:00:01", ip: "192.0.2.10"), shaped)]);
        nics.SetUp("web1");
        AssertGuarded(lab, plugged.Nics[0], "mv");
        Assert.Equal(SpoofGuard.TableOf(plugged.Nics[0].Device), nics.Records.TryRead(plugged.Nics[0].Device)!.SpoofTable);
        nics.Unplug(plugged);
        Assert.Empty(nics.Spoof.List());
    }

    /// <summary>
    /// shaped: a tap's bw_out shapes what the guest sends through an ifb. tc ingress runs before the
    /// netdev ingress hook and the ifb hands frames back past it, so a tc redirect to the ifb carried
    /// forged frames around the guard (measured before the fix): the guard itself forwards to the ifb.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bridged_tap_drops_foreign_mac_arp_and_ip_sources_on_the_ingress_hook(bool shaped)
    {
        using var lab = NodeLab.Create("spbr");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [Shaped(NodeLab.Nic(0, "52:54:00:40:01:01", link: NodeBridge, nicMode: NicMode.Bridged, ip: "192.0.2.10"), shaped)]);
        nics.SetUp("web1");
        AssertGuarded(lab, plugged.Nics[0], "br");
        if (shaped)
        {
            AssertShapedThroughIfb(lab, nics, plugged.Nics[0]);
            Assert.DoesNotContain("mirred", Ip.RunProgram("tc", "-n", lab.Node.Name, "filter", "show", "dev", plugged.Nics[0].Device, "ingress"));
        }
        nics.Unplug(plugged);
        Assert.Empty(nics.Spoof.List());
    }

    /// <summary>
    /// shaped: OVS's userspace datapath reads the tap through a packet socket, which gets each frame
    /// before tc ingress; the ifb hands it back with tc_skip_classify, which skips the packet sockets
    /// too. So the OpenFlow rules see every frame exactly once, and the tc redirect stays.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Openvswitch_drops_foreign_sources_with_openflow_rules_removed_on_unplug(bool shaped)
    {
        using var lab = NodeLab.Create("spovs");
        using var ovs = OvsLab.Start(lab.Node.Name);
        ovs.AddBridge(OvsBridge, NodeLab.Uplink);
        using var nics = lab.OpenNics(ovs.Database);
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [Shaped(NodeLab.Nic(0, "52:54:00:40:02:01", link: OvsBridge, nicMode: NicMode.OpenVswitch, ip: "192.0.2.10"), shaped)]);
        nics.SetUp("web1");
        var record = nics.Records.TryRead(plugged.Nics[0].Device)!;
        Assert.Null(record.SpoofTable);
        Assert.NotNull(record.OvsFlowCookie);
        Assert.Contains($"cookie=0x{record.OvsFlowCookie:x}", ovs.OfCtl("dump-flows", OvsBridge));
        AssertGuarded(lab, plugged.Nics[0], "ovs");
        if (shaped)
            AssertShapedThroughIfb(lab, nics, plugged.Nics[0]);
        nics.Unplug(plugged);
        Assert.DoesNotContain($"cookie=0x{record.OvsFlowCookie:x}", ovs.OfCtl("dump-flows", OvsBridge));
        Assert.Empty(nics.Spoof.List());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Routed_tap_does_not_route_a_foreign_ip_source(bool shaped)
    {
        using var lab = NodeLab.Create("sprt");
        Ip.Run("-n", lab.Node.Name, "addr", "add", "198.51.100.2/24", "dev", NodeLab.Uplink);
        lab.Node.Namespace.Run(() => File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1"));
        Ip.Run("-n", lab.Switch.Name, "addr", "add", "198.51.100.1/24", "dev", NodeLab.Bridge);
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [Shaped(NodeLab.Nic(0, "52:54:00:40:03:01", link: "100", nicMode: NicMode.Routed, ip: "10.9.0.5"), shaped)]);
        nics.SetUp("web1");
        var nic = plugged.Nics[0];
        var tapMac = Modes.TapPlugger.HostSide(nic.Mac);
        var outside = IPAddress.Parse("198.51.100.1");
        using var watcher = lab.WatchSwitch();
        nic.Queues[0].WriteFrame(Packets.Udp(tapMac, nic.Mac, IPAddress.Parse("10.9.0.66"), outside, "rt-forged-ip"));
        nic.Queues[0].WriteFrame(Packets.Udp(tapMac, Foreign, IPAddress.Parse("10.9.0.5"), outside, "rt-forged-mac"));
        // Absence first: Saw reads past (and so discards) every frame before the one it looks for.
        Assert.False(watcher.Saw("rt-forged-ip", Frames.Absence), "a forged IPv4 source was routed");
        Assert.False(watcher.Saw("rt-forged-mac", Frames.Absence), "a forged source MAC was routed");
        nic.Queues[0].WriteFrame(Packets.Udp(tapMac, nic.Mac, IPAddress.Parse("10.9.0.5"), outside, "rt-own"));
        Assert.True(watcher.Saw("rt-own", Frames.Arrival), "the guest's own packet was not routed");
        if (shaped)
            AssertShapedThroughIfb(lab, nics, nic);
        nics.Unplug(plugged);
        Assert.Empty(nics.Spoof.List());
    }

    /// <summary>
    /// libvirt swaps a prepared device's root qdisc for noqueue when it starts the domain; ReapplyBandwidth
    /// (its driver, after `virsh create` and a migration) puts the root HTB back and leaves the ifb and the
    /// chain forwarding to it as they were: the guard never has a gap.
    /// </summary>
    [Fact]
    public void Reapplied_bandwidth_puts_back_the_root_htb_and_keeps_the_ifb_and_the_guard()
    {
        using var lab = NodeLab.Create("spbrre");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        var nic = NodeLab.Nic(0, "52:54:00:40:08:06", link: NodeBridge, nicMode: NicMode.Bridged, ip: "192.0.2.10") with { BwOut = Limit, BwIn = Limit };
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [nic]);
        string device = plugged.Nics[0].Device;
        string ifb = nics.Records.TryRead(device)!.Ifb!;
        string before = Ip.Run("-n", lab.Node.Name, "-j", "link", "show", ifb);
        Ip.RunProgram("tc", "-n", lab.Node.Name, "qdisc", "replace", "dev", device, "root", "noqueue"); // what libvirt does
        Assert.DoesNotContain("htb", Ip.RunProgram("tc", "-n", lab.Node.Name, "qdisc", "show", "dev", device));

        nics.ReapplyBandwidth("web1", [nic]);

        Assert.Contains("qdisc htb 1: root", Ip.RunProgram("tc", "-n", lab.Node.Name, "qdisc", "show", "dev", device));
        Assert.Equal(before, Ip.Run("-n", lab.Node.Name, "-j", "link", "show", ifb)); // the same ifb (same ifindex)
        nics.SetUp("web1");
        AssertGuarded(lab, plugged.Nics[0], "brre");
        AssertShapedThroughIfb(lab, nics, plugged.Nics[0]);
        nics.Unplug(plugged);
        Assert.Empty(nics.Spoof.List());
        Assert.False(Ip.LinkExists(lab.Node.Name, ifb));
    }

    /// <summary>An ifb deleted by hand under a guarded, shaped tap: the chain forwards to nothing, so verify must say so.</summary>
    [Fact]
    public void Verify_reports_a_shaped_taps_ifb_deleted_by_hand()
    {
        using var lab = NodeLab.Create("spifbgo");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        var nic = NodeLab.Nic(0, "52:54:00:40:08:07", link: NodeBridge, nicMode: NicMode.Bridged) with { BwOut = Limit };
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [nic]);
        string ifb = nics.Records.TryRead(plugged.Nics[0].Device)!.Ifb!;
        Assert.Empty(nics.Verify([], fix: false).Findings);

        Ip.Run("-n", lab.Node.Name, "link", "del", ifb);

        var finding = Assert.Single(nics.Verify([], fix: true).Findings);
        Assert.Equal((Verify.VerifyFindingKind.MissingIfb, ifb, false), (finding.Kind, finding.Device, finding.Fixed));
        Assert.Contains("what the guest sends is dropped", finding.Detail);
        nics.Unplug(plugged);
        Assert.Empty(nics.Verify([], fix: false).Findings);
    }

    [Fact]
    public void Spoof_check_off_with_bw_out_lets_a_foreign_mac_through_shaped()
    {
        using var lab = NodeLab.Create("spoffbw");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        var nic = NodeLab.Nic(0, "52:54:00:40:08:05", link: NodeBridge, nicMode: NicMode.Bridged, spoofCheck: false) with { BwOut = Limit };
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [nic]);
        nics.SetUp("web1");
        Assert.Empty(nics.Spoof.List());
        using var watcher = lab.WatchSwitch();
        plugged.Nics[0].Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Foreign, "offbw"));
        Assert.True(watcher.Saw("offbw", Frames.Arrival), "spoof_check=off with bw_out dropped a foreign MAC");
        AssertShapedThroughIfb(lab, nics, plugged.Nics[0]);
        nics.Unplug(plugged);
    }

    [Fact]
    public void Spoof_check_off_lets_a_foreign_mac_through_and_makes_no_table()
    {
        using var lab = NodeLab.Create("spoff");
        lab.AddUplink("eth1");
        lab.AddBridge(NodeBridge, port: "eth1"); // a bridge port cannot carry macvtaps: eth0 stays free for them
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [
            NodeLab.Nic(0, "52:54:00:40:04:01", spoofCheck: false),
            NodeLab.Nic(1, "52:54:00:40:04:02", link: NodeBridge, nicMode: NicMode.Bridged, spoofCheck: false),
        ]);
        Assert.Empty(nics.Spoof.List());
        Assert.All(plugged.Nics, nic => Assert.Null(nics.Records.TryRead(nic.Device)!.SpoofTable));
        nics.SetUp("web1");
        using var watcher = lab.WatchSwitch();
        foreach (var nic in plugged.Nics)
        {
            nic.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Foreign, $"off-{nic.Device}"));
            Assert.True(watcher.Saw($"off-{nic.Device}", Frames.Arrival), $"spoof_check=off on {nic.Device} still dropped a foreign MAC");
        }
        nics.Unplug(plugged);
    }

    [Fact]
    public void A_leftover_table_is_replaced_at_plug_and_the_kernel_keeps_a_chain_whose_device_is_gone()
    {
        using var lab = NodeLab.Create("spleft");
        using var nics = lab.OpenNics();
        // A crash between the device delete and the table delete leaves tapyard_vtap0 behind.
        nics.Spoof.Apply(SpoofGuard.TableOf("vtap0"), "vtap0", SpoofHook.Egress, MacAddress.Parse("52:54:00:99:99:99"), null);
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:40:05:01")]);
        Assert.Equal("vtap0", plugged.Nics[0].Device);
        nics.SetUp("web1");
        AssertOwnMacPasses(lab, plugged.Nics[0], "left");
        plugged.Dispose();
        // Delete the device behind Tapyard's back: the table stays (6.18 keeps the netdev chain).
        Ip.Run("-n", lab.Node.Name, "link", "del", "vtap0");
        Assert.Equal([SpoofGuard.TableOf("vtap0")], nics.Spoof.List());
        // The sweep of the instance removes it with the record.
        nics.SweepInstance("web1");
        Assert.Empty(nics.Spoof.List());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void Verify_reports_a_table_whose_device_has_no_record_and_fix_deletes_it()
    {
        using var lab = NodeLab.Create("spver");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:40:07:01")]);
        nics.Spoof.Apply(SpoofGuard.TableOf("tytap7"), "tytap7", SpoofHook.Ingress, MacAddress.Parse("52:54:00:40:07:02"), null);

        var found = nics.Verify([], fix: false);
        var finding = Assert.Single(found.Findings);
        Assert.Equal((Verify.VerifyFindingKind.OrphanSpoofTable, "tapyard_tytap7"), (finding.Kind, finding.Device));

        var fixedResult = nics.Verify([], fix: true);
        Assert.True(Assert.Single(fixedResult.Findings).Fixed);
        Assert.Equal([SpoofGuard.TableOf(plugged.Nics[0].Device)], nics.Spoof.List()); // the live NIC's table stays
        Assert.True(nics.Verify([], fix: false).Clean);
        nics.Unplug(plugged);
    }

    [Fact]
    public void Plug_time_cost_of_the_nft_step()
    {
        using var lab = NodeLab.Create("sptime");
        lab.AddUplink("eth1");
        lab.AddBridge(NodeBridge, port: "eth1");
        using var nics = lab.OpenNics();
        const int rounds = 5;
        foreach (var mode in new[] { NicMode.Macvtap, NicMode.Bridged })
        {
            string link = mode == NicMode.Macvtap ? NodeLab.Uplink : NodeBridge;
            var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
            for (int round = 0; round < rounds; round++)
            {
                foreach (bool spoof in new[] { false, true })
                {
                    var clock = Stopwatch.StartNew();
                    var plugged = nics.Plug(NodeLab.Instance("t1"), [NodeLab.Nic(0, "52:54:00:40:06:01", link: link, nicMode: mode, ip: "192.0.2.10", spoofCheck: spoof)]);
                    times[spoof].Add(clock.Elapsed.TotalMilliseconds);
                    nics.Unplug(plugged);
                }
            }
            double on = Median(times[true]), off = Median(times[false]);
            output.WriteLine($"{NicNames.Of(mode)}: plug median {off:0.0} ms without, {on:0.0} ms with spoof_check (nft step ~{on - off:0.0} ms)");
            Assert.True(on > 0 && off > 0);
        }
        var applyClock = Stopwatch.StartNew();
        nics.Spoof.Apply(SpoofGuard.TableOf("x0"), "x0", SpoofHook.Ingress, MacAddress.Parse("52:54:00:40:06:02"), GuestIp);
        double apply = applyClock.Elapsed.TotalMilliseconds;
        applyClock.Restart();
        nics.Spoof.Remove([SpoofGuard.TableOf("x0")]);
        output.WriteLine($"one `nft -f -` apply (started inside the namespace): {apply:0.0} ms, remove: {applyClock.Elapsed.TotalMilliseconds:0.0} ms");
    }

    /// <summary>1000 kB/s: far above what these tests send, so shaping delays nothing.</summary>
    private static readonly BandwidthLimit Limit = new(1000);

    private static ResolvedNic Shaped(ResolvedNic nic, bool shaped) => shaped ? nic with { BwIn = Limit, BwOut = Limit } : nic;

    /// <summary>The guest's frames went through the NIC's ifb: its HTB class counted packets.</summary>
    private static void AssertShapedThroughIfb(NodeLab lab, NodeNics nics, PluggedNic nic)
    {
        string ifb = nics.Records.TryRead(nic.Device)!.Ifb!;
        string classes = Ip.RunProgram("tc", "-n", lab.Node.Name, "-s", "class", "show", "dev", ifb);
        var sent = System.Text.RegularExpressions.Regex.Match(classes, @"Sent \d+ bytes (\d+) pkt");
        Assert.True(sent.Success && long.Parse(sent.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0,
            $"nothing the guest sent went through its ifb {ifb}: {classes}");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The guarded NIC's own frames reach the switch; forged ones (MAC, ARP sender MAC and IP, IPv4 source) do not.</summary>
    private static void AssertGuarded(NodeLab lab, PluggedNic nic, string tag)
    {
        using var watcher = lab.WatchSwitch();
        var queue = nic.Queues[0];
        queue.WriteFrame(Frames.Marked(Frames.Broadcast, Foreign, $"{tag}-forged-mac"));
        queue.WriteFrame(Packets.Udp(Frames.Broadcast, nic.Mac, ForeignIp, Outside, $"{tag}-forged-ip"));
        queue.WriteFrame(Packets.ArpRequest(nic.Mac, ForeignIp, Outside));
        queue.WriteFrame(Packets.ArpRequest(Foreign, GuestIp, Outside, etherSource: nic.Mac));
        Assert.False(watcher.Saw($"{tag}-forged-mac", Frames.Absence), "a frame with a foreign source MAC reached the switch");
        Assert.False(watcher.Saw($"{tag}-forged-ip", Frames.Absence), "an IPv4 packet with a foreign source reached the switch");
        Assert.False(watcher.Saw(ForeignIp.GetAddressBytes(), Frames.Absence), "an ARP with a foreign sender IP reached the switch");
        Assert.False(watcher.Saw(ArpSender(Foreign), Frames.Absence), "an ARP with a foreign sender MAC reached the switch");

        queue.WriteFrame(Packets.Udp(Frames.Broadcast, nic.Mac, GuestIp, Outside, $"{tag}-own-ip"));
        Assert.True(watcher.Saw($"{tag}-own-ip", Frames.Arrival), "the guest's own IPv4 packet did not reach the switch");
        queue.WriteFrame(Packets.Udp(Frames.Broadcast, nic.Mac, IPAddress.Any, IPAddress.Broadcast, $"{tag}-dhcp", 68, 67));
        Assert.True(watcher.Saw($"{tag}-dhcp", Frames.Arrival), "the guest's DHCP discover (source 0.0.0.0) did not reach the switch");
        queue.WriteFrame(Packets.ArpRequest(nic.Mac, GuestIp, Outside));
        Assert.True(watcher.Saw(GuestIp.GetAddressBytes(), Frames.Arrival), "the guest's own ARP did not reach the switch");
        AssertOwnMacPasses(lab, nic, tag);
    }

    private static void AssertOwnMacPasses(NodeLab lab, PluggedNic nic, string tag)
    {
        using var watcher = lab.WatchSwitch();
        nic.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, nic.Mac, $"{tag}-own-mac"));
        Assert.True(watcher.Saw($"{tag}-own-mac", Frames.Arrival), "the guest's own frame did not reach the switch");
    }

    /// <summary>ARP's sender hardware address followed by... only the MAC (6 bytes) with the IPv4 sender after it.</summary>
    private static byte[] ArpSender(MacAddress mac)
    {
        var bytes = new byte[10];
        mac.CopyTo(bytes.AsSpan(0, 6));
        GuestIp.GetAddressBytes().CopyTo(bytes, 6);
        return bytes;
    }
}
