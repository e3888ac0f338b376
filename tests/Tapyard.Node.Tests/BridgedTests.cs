using System.Text.Json;
using Tapyard.Core.Nics;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

[Trait("Category", "Kernel")]
public sealed class BridgedTests
{
    private const string NodeBridge = "brx";

    [Fact]
    public void A_bridged_nic_is_a_multiqueue_vnet_hdr_tap_port_of_the_bridge_down_until_set_up_and_its_frames_reach_the_switch()
    {
        using var lab = NodeLab.Create("brg");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1", vcpus: 2), [NodeLab.Nic(0, "52:54:00:10:00:01", link: NodeBridge, nicMode: NicMode.Bridged)]);

        var nic = plugged.Nics[0];
        Assert.Equal((NodeNics.BridgedPrefix + "0", NicMode.Bridged, NodeBridge), (nic.Device, nic.Mode, nic.Lower));
        var link = Ip.Link(lab.Node.Name, nic.Device);
        Assert.Equal("tun", link.Get("linkinfo", "info_kind")?.GetString());
        Assert.Equal("tap", link.Get("linkinfo", "info_data", "type")?.GetString());
        Assert.True(link.Get("linkinfo", "info_data", "vnet_hdr")?.GetBoolean());
        Assert.True(link.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean());
        Assert.True(link.Get("linkinfo", "info_data", "persist")?.GetBoolean());
        Assert.Equal(2, link.Get("linkinfo", "info_data", "numqueues")?.GetInt32());
        Assert.Equal(NodeBridge, link.GetProperty("master").GetString());
        Assert.Equal("fe:54:00:10:00:01", link.GetProperty("address").GetString());
        Assert.Equal(nic.Ifindex, link.GetProperty("ifindex").GetInt32());
        Assert.Equal("none", link.GetProperty("inet6_addr_gen_mode").GetString());
        Assert.DoesNotContain("UP", Flags(link));
        Assert.Equal(2, nic.Queues.Count);
        Assert.All(nic.Queues, q => Assert.True(q.VnetHeader));

        var record = nics.Records.TryRead(nic.Device)!;
        Assert.Equal(("bridged", NodeBridge, nic.Ifindex, "52:54:00:10:00:01"), (record.Mode, record.Bridge, record.Ifindex, record.Mac));

        using var watcher = lab.WatchSwitch();
        // DOWN until the vCPUs start: the tun driver refuses the guest's writes (EIO), nothing leaves.
        Assert.Throws<Linux.Errors.SystemCallException>(() => nic.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, nic.Mac, "bridged-before-up")));
        nics.SetUp("web1");
        Assert.Contains("UP", Flags(Ip.Link(lab.Node.Name, nic.Device)));
        foreach (var (queue, q) in nic.Queues.Select((queue, q) => (queue, q)))
        {
            queue.WriteFrame(Frames.Marked(Frames.Broadcast, nic.Mac, $"bridged-queue{q}"));
            Assert.True(watcher.Saw($"bridged-queue{q}", Frames.Arrival), $"the frame from queue {q} did not reach the switch");
        }

        nics.Unplug(plugged);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_frame_from_the_switch_reaches_the_guests_queue()
    {
        using var lab = NodeLab.Create("brgin");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:10:01:01", link: NodeBridge, nicMode: NicMode.Bridged)]);
        nics.SetUp("web1");
        var nic = plugged.Nics[0];
        // The switch asks who has 192.0.2.99: the broadcast ARP request crosses the node's bridge into the guest's queue.
        Ip.Run("-n", lab.Switch.Name, "addr", "add", "192.0.2.1/24", "dev", NodeLab.Bridge);
        Pinger.PingOnce(lab.Switch.Name, "192.0.2.99");
        Assert.True(nic.Queues[0].Receives([192, 0, 2, 99], Frames.Arrival), "the switch's ARP request did not reach the guest: "
            + Ip.Run("-n", lab.Node.Name, "-s", "link", "show", "dev", nic.Device) + Ip.Run("-n", lab.Switch.Name, "neigh"));
        nics.Unplug(plugged);
    }

    [Fact]
    public void A_missing_bridge_fails_naming_bridge_and_node_and_leaves_nothing()
    {
        using var lab = NodeLab.Create("brgno");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:10:02:01", link: "br9", nicMode: NicMode.Bridged)]));
        Assert.Contains("cannot plug NIC 0 of instance web1 on node n1: bridge br9 does not exist on node n1", error.Message);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_link_that_is_no_bridge_is_refused()
    {
        using var lab = NodeLab.Create("brgnot");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:10:03:01", link: NodeLab.Uplink, nicMode: NicMode.Bridged)]));
        Assert.Contains("eth0 is not a bridge on node n1 (it is a veth device)", error.Message);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void Rollback_across_modes_removes_a_macvtap_and_a_tap_when_the_third_nic_fails()
    {
        using var lab = NodeLab.Create("brgrb");
        lab.AddUplink("eth1");
        lab.AddBridge(NodeBridge, port: "eth1");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1", vcpus: 2), [
            NodeLab.Nic(0, "52:54:00:10:05:01"),
            NodeLab.Nic(1, "52:54:00:10:05:02", link: NodeBridge, nicMode: NicMode.Bridged),
            NodeLab.Nic(2, "52:54:00:10:05:03", link: "br9", nicMode: NicMode.Bridged),
        ]));
        Assert.Equal(2, error.NicIndex);
        Assert.Contains("bridge br9 does not exist on node n1", error.Message);
        Assert.Contains("the 2 NICs plugged before (vtap0, tytap0) were removed again", error.Message);
        Assert.Empty(lab.Taps());
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
        Assert.Empty(nics.Spoof.List());
    }

    [Fact]
    public void Sweep_and_verify_know_taps_an_orphan_tap_is_found_and_fixed()
    {
        using var lab = NodeLab.Create("brgsw");
        lab.AddBridge(NodeBridge);
        using var nics = lab.OpenNics();
        var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:10:06:01", link: NodeBridge, nicMode: NicMode.Bridged)]);
        plugged.Dispose(); // the process "died": fds closed, the persistent tap stays
        string device = plugged.Nics[0].Device;
        nics.Records.Delete(device); // and its record was lost

        var found = nics.Verify([], fix: false);
        Assert.Contains(found.Findings, f => f.Kind == Verify.VerifyFindingKind.OrphanDevice && f.Device == device && f.Detail.StartsWith("tap ", StringComparison.Ordinal));
        var fixedResult = nics.Verify([], fix: true);
        Assert.Contains(fixedResult.Findings, f => f.Device == device && f.Fixed);
        Assert.Empty(lab.Taps());

        // With its record, SweepInstance removes it.
        using var again = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:10:06:01", link: NodeBridge, nicMode: NicMode.Bridged)]);
        again.Dispose();
        var swept = nics.SweepInstance("web1");
        Assert.Single(swept.DevicesRemoved);
        Assert.Empty(lab.Taps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void Two_pluggers_at_once_get_distinct_tap_names_and_ifindexes()
    {
        using var lab = NodeLab.Create("brgpar");
        lab.AddBridge(NodeBridge);
        using var first = lab.OpenNics();
        using var second = lab.OpenNics();
        var results = new PluggedInstance[2];
        Parallel.For(0, 2, i => results[i] = (i == 0 ? first : second).Plug(NodeLab.Instance($"par{i}"),
            Enumerable.Range(0, 10).Select(n => NodeLab.Nic(n, $"52:54:00:10:7{i}:{n:x2}", link: NodeBridge, nicMode: NicMode.Bridged, spoofCheck: false)).ToList()));
        var all = results.SelectMany(r => r.Nics).ToList();
        Assert.Equal(20, all.Select(n => n.Device).Distinct().Count());
        Assert.Equal(20, all.Select(n => n.Ifindex).Distinct().Count());
        Assert.Equal(20, lab.Taps().Count);
        first.Unplug(results[0]);
        second.Unplug(results[1]);
        Assert.Empty(lab.Taps());
        Assert.Empty(first.Records.ReservedNames());
    }

    private static List<string?> Flags(JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
}
