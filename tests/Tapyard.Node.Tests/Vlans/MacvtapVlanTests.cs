using System.Text.Json;
using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests.Vlans;

/// <summary>
/// macvtap NICs with a vlan stack on eth0.VLAN, made on demand and shared (this kernel has no 802.1Q
/// driver: Tapyard's tc-bpf sub-interface does the tagging), seen through a trunk port on the switch.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MacvtapVlanTests
{
    private static readonly MacAddress Mac1 = MacAddress.Parse("52:54:00:40:00:01");
    private static readonly MacAddress Mac2 = MacAddress.Parse("52:54:00:40:00:02");
    private static readonly MacAddress Mac3 = MacAddress.Parse("52:54:00:40:00:03");

    [Fact]
    public void Nics_on_one_vlan_share_its_sub_interface_frames_leave_tagged_come_back_untagged_and_the_last_user_removes_it()
    {
        using var lab = NodeLab.Create("vlmv");
        using var trunk = SwitchTrunk.Open(lab);
        using var nics = lab.OpenNics();
        using var web1 = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), vlan: 10)]);
        using var web2 = nics.Plug(NodeLab.Instance("web2"), [NodeLab.Nic(0, Mac2.ToString(), vlan: 10)]);
        using var web3 = nics.Plug(NodeLab.Instance("web3"), [NodeLab.Nic(0, Mac3.ToString(), vlan: 20)]);

        // iproute2 sees the macvtaps on the sub-interfaces, and the sub-interfaces as Tapyard's.
        Assert.Equal("eth0.10", LinkOf(lab, web1.Nics[0].Device));
        Assert.Equal("eth0.10", LinkOf(lab, web2.Nics[0].Device));
        Assert.Equal("eth0.20", LinkOf(lab, web3.Nics[0].Device));
        Assert.Contains("vlan 10 on eth0", Ip.Link(lab.Node.Name, "eth0.10").Get("ifalias")?.GetString());
        var record = nics.Records.TryRead(web1.Nics[0].Device)!;
        Assert.Equal(("eth0.10", "eth0", (int?)10), (record.Lower, record.VlanParent, record.Vlan));

        foreach (string instance in new[] { "web1", "web2", "web3" })
            nics.SetUp(instance);
        web1.Nics[0].Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Mac1, "from-web1"));
        Assert.Equal(10, trunk.TagOf("from-web1", Frames.Arrival));
        web3.Nics[0].Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Mac3, "from-web3"));
        Assert.Equal(20, trunk.TagOf("from-web3", Frames.Arrival));

        // The switch's VLAN 10 reaches both VLAN 10 guests, untagged, and not the VLAN 20 guest; and back.
        trunk.Send(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:00:01"), "to-vlan10"), vlan: 10);
        Assert.True(ReceivesUntagged(web1.Nics[0], "to-vlan10"), "VLAN 10's broadcast did not reach web1 untagged");
        Assert.True(ReceivesUntagged(web2.Nics[0], "to-vlan10"), "VLAN 10's broadcast did not reach web2 untagged");
        Assert.False(web3.Nics[0].Queues[0].Receives("to-vlan10", Frames.Absence), "VLAN 10's broadcast reached the VLAN 20 guest");
        trunk.Send(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:00:02"), "to-vlan20"), vlan: 20);
        Assert.True(ReceivesUntagged(web3.Nics[0], "to-vlan20"), "VLAN 20's broadcast did not reach web3 untagged");
        Assert.False(web1.Nics[0].Queues[0].Receives("to-vlan20", Frames.Absence), "VLAN 20's broadcast reached a VLAN 10 guest");
        trunk.Send(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:00:03"), "untagged"));
        Assert.False(web1.Nics[0].Queues[0].Receives("untagged", Frames.Absence), "an untagged broadcast reached a VLAN 10 guest");

        nics.Unplug(web1);
        Assert.True(Ip.LinkExists(lab.Node.Name, "eth0.10"), "eth0.10 went while web2 still sits on it");
        nics.Unplug(web2);
        Assert.False(Ip.LinkExists(lab.Node.Name, "eth0.10"), "eth0.10 outlived its last user");
        Assert.DoesNotContain("ty_vuntag_10", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));
        Assert.Contains("ty_vuntag_20", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));
        Assert.True(Ip.LinkExists(lab.Node.Name, "eth0.20"));
        web3.Nics[0].Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, Mac3, "web3-still"));
        Assert.Equal(20, trunk.TagOf("web3-still", Frames.Arrival));
        nics.Unplug(web3);
        Assert.Empty(TapyardVlanDevices(lab));
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void An_admins_sub_interface_is_used_as_it_is_and_left_in_place()
    {
        using var lab = NodeLab.Create("vladm");
        // Any device named eth0.10 counts as the sub-interface, e.g. one an admin made (a veth here).
        Ip.Run("-n", lab.Node.Name, "link", "add", "eth0.10", "type", "veth", "peer", "name", "adminpeer");
        Ip.Run("-n", lab.Node.Name, "link", "set", "eth0.10", "up");
        using var nics = lab.OpenNics();
        var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), vlan: 10)]);
        Assert.Equal("eth0.10", LinkOf(lab, plugged.Nics[0].Device));
        nics.Unplug(plugged);
        Assert.True(Ip.LinkExists(lab.Node.Name, "eth0.10"), "Tapyard removed a sub-interface it did not make");
        Assert.DoesNotContain(nics.Verify([], fix: true).Findings, f => f.Fixed);
        Assert.True(Ip.LinkExists(lab.Node.Name, "eth0.10"));
    }

    [Fact]
    public void A_crash_that_left_the_record_is_swept_with_the_sub_interface_and_verify_fix_removes_an_unused_one()
    {
        using var lab = NodeLab.Create("vlcr");
        using (var nics = lab.OpenNics())
        {
            var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), vlan: 10)]);
            // The process died and the macvtap went (say, deleted by hand): the record still names eth0.10.
            plugged.Dispose();
            Ip.Run("-n", lab.Node.Name, "link", "del", plugged.Nics[0].Device);
        }
        using (var nics = lab.OpenNics())
        {
            var swept = nics.SweepInstance("web1");
            Assert.Single(swept.RecordsRemoved);
            Assert.False(Ip.LinkExists(lab.Node.Name, "eth0.10"), "the sweep left the crashed NIC's unused sub-interface");
        }

        // A crash that lost the record too leaves an unused sub-interface: verify names it, fix removes it.
        using (var nics = lab.OpenNics())
        {
            var plugged = nics.Plug(NodeLab.Instance("web2"), [NodeLab.Nic(0, Mac2.ToString(), vlan: 30)]);
            plugged.Dispose();
            Ip.Run("-n", lab.Node.Name, "link", "del", plugged.Nics[0].Device);
            File.Delete(nics.Records.PathOf(plugged.Nics[0].Device));
            // (The record's anti-spoofing table is an orphan now too: its own finding, fixed alongside.)
            var finding = Assert.Single(nics.Verify([], fix: false).Findings, f => f.Kind == Verify.VerifyFindingKind.UnusedVlan);
            Assert.Equal("eth0.30", finding.Device);
            Assert.Contains("made by Tapyard", finding.Detail);
            Assert.All(nics.Verify([], fix: true).Findings, f => Assert.True(f.Fixed, f.ToString()));
            Assert.Empty(TapyardVlanDevices(lab));
            Assert.Empty(nics.Verify([], fix: false).Findings);
        }
    }

    [Fact]
    public void A_sub_interface_deleted_by_hand_leaves_no_untag_filter_after_the_sweep_and_verify_fix_removes_an_unknown_one()
    {
        using var lab = NodeLab.Create("vlflt");
        using var nics = lab.OpenNics();
        var connected = new[] { new Verify.ConnectedLink("vnet", NodeLab.Uplink) };

        // Someone deletes eth0.10 under a plugged NIC (its macvtap goes with it): the kernel keeps eth0's
        // untag filter for VLAN 10. The instance's sweep knows the parent from the record and removes it.
        var first = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), vlan: 10)]);
        first.Dispose();
        Ip.Run("-n", lab.Node.Name, "link", "del", "eth0.10");
        Assert.Contains("ty_vuntag_10", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));
        nics.SweepInstance("web1");
        Assert.DoesNotContain("ty_vuntag_10", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));

        // The same with the record lost too: verify finds the filter on the connected link, fix removes it.
        var second = nics.Plug(NodeLab.Instance("web2"), [NodeLab.Nic(0, Mac2.ToString(), vlan: 20)]);
        second.Dispose();
        Ip.Run("-n", lab.Node.Name, "link", "del", "eth0.20");
        File.Delete(nics.Records.PathOf(second.Nics[0].Device));
        var finding = Assert.Single(nics.Verify(connected, fix: false).Findings, f => f.Kind == Verify.VerifyFindingKind.OrphanVlanFilter);
        Assert.Equal("eth0.20", finding.Device);
        Assert.Contains("VLAN 20's frames arriving on eth0 are dropped", finding.Detail);
        Assert.All(nics.Verify(connected, fix: true).Findings, f => Assert.True(f.Fixed, f.ToString()));
        Assert.DoesNotContain("ty_vuntag_20", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));
        Assert.Empty(nics.Verify(connected, fix: false).Findings);
    }

    [Fact]
    public void A_broken_sub_interface_is_made_afresh_when_unused_and_refused_while_in_use()
    {
        using var lab = NodeLab.Create("vlbrk");
        using var trunk = SwitchTrunk.Open(lab);
        // A Tapyard sub-interface whose parent lost its untag filter (a crash mid-create, or eth0 re-made).
        var parent = lab.Node.Netlink.Links.Get(NodeLab.Uplink);
        lab.Node.Netlink.Vlans.Create(new Linux.Vlans.VlanSubInterfaceSpec(NodeLab.Uplink, 10, "eth0.10", $"tyvl{parent.Index}.10"));
        Assert.True(lab.Node.Netlink.Vlans.RemoveUntagFilter(parent.Index, 10));

        using var nics = lab.OpenNics();
        using var web1 = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), vlan: 10)]);
        nics.SetUp("web1");
        Assert.Contains("ty_vuntag_10", Tc(lab, "filter", "show", "dev", "eth0", "ingress"));
        trunk.Send(Frames.Marked(Frames.Broadcast, MacAddress.Parse("52:54:00:99:00:04"), "into-fresh-10"), vlan: 10);
        Assert.True(ReceivesUntagged(web1.Nics[0], "into-fresh-10"), "the re-made eth0.10 does not carry VLAN 10 to the guest");

        // Broken again, now with web1 on it: a second NIC is refused with the reason, and web1 is left alone.
        Assert.True(lab.Node.Netlink.Vlans.RemoveUntagFilter(parent.Index, 10));
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web2"), [NodeLab.Nic(0, Mac2.ToString(), vlan: 10)]));
        Assert.Contains("VLAN sub-interface eth0.10 on node n1 is broken", error.Message);
        Assert.Single(lab.Macvtaps());
        nics.Unplug(web1);
        Assert.Empty(TapyardVlanDevices(lab));
    }

    [Fact]
    public async Task Concurrent_plugs_and_unplugs_on_one_vlan_never_lose_the_sub_interface_under_a_nic_and_leave_nothing()
    {
        using var lab = NodeLab.Create("vlrace");
        // Separate NodeNics (as separate processes would have): the node's VLAN flock serializes them.
        var workers = Enumerable.Range(0, 3).Select(w => Task.Run(() =>
        {
            using var nics = lab.OpenNics();
            for (int round = 0; round < 6; round++)
            {
                var mac = MacAddress.Parse($"52:54:00:41:{w:x2}:{round:x2}");
                using var plugged = nics.Plug(NodeLab.Instance($"w{w}r{round}"), [NodeLab.Nic(0, mac.ToString(), vlan: 10)]);
                Assert.Equal("eth0.10", LinkOf(lab, plugged.Nics[0].Device));
                nics.Unplug(plugged);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Empty(TapyardVlanDevices(lab));
        Assert.Empty(lab.Macvtaps());
    }

    [Fact]
    public void A_sub_interface_name_over_15_bytes_is_refused_naming_it_and_nothing_changes()
    {
        using var lab = NodeLab.Create("vllong");
        lab.AddUplink("uplinkverylng");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, Mac1.ToString(), link: "uplinkverylng", vlan: 4000)]));
        Assert.Contains("vlan 4000 needs the sub-interface uplinkverylng.4000", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(TapyardVlanDevices(lab));
        Assert.Empty(nics.Records.ReservedNames());
    }

    private static bool ReceivesUntagged(PluggedNic nic, string marker)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(marker);
        var buffer = new byte[65536];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Frames.Arrival)
        {
            if (!nic.Queues[0].TryReadFrame(buffer, Frames.Arrival - clock.Elapsed, out int length))
                return false;
            if (buffer.AsSpan(0, length).IndexOf(needle) >= 0)
                return SwitchTrunk.VlanOf(buffer.AsSpan(0, length)) is null;
        }
        return false;
    }

    private static string? LinkOf(NodeLab lab, string device) => Ip.Link(lab.Node.Name, device).Get("link")?.GetString();

    private static string Tc(NodeLab lab, params string[] args) => Ip.RunProgram("tc", ["-n", lab.Node.Name, "-j", .. args]);

    /// <summary>Devices Tapyard's VLAN support made: sub-interfaces (eth0.N) and their hidden peers (tyvl*).</summary>
    private static List<string> TapyardVlanDevices(NodeLab lab)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", lab.Node.Name, "-j", "link", "show"));
        return doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!)
            .Where(name => name.StartsWith("eth0.", StringComparison.Ordinal) || name.StartsWith("tyvl", StringComparison.Ordinal)).ToList();
    }
}
