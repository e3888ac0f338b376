using Tapyard.Core.Nics;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

[Trait("Category", "Kernel")]
public sealed class OpenVswitchTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string OvsBridge = "ovsbr";

    [Fact]
    public void An_openvswitch_nic_is_a_tap_port_of_the_ovs_bridge_with_its_tag_and_ids_its_frames_leave_tagged_and_unplug_removes_the_port()
    {
        using var lab = NodeLab.Create("ovs");
        using var ovs = OvsLab.Start(lab.Node.Name);
        ovs.AddBridge(OvsBridge, NodeLab.Uplink);
        using var nics = lab.OpenNics(ovs.Database);
        var instance = NodeLab.Instance("web1", vcpus: 2);
        using var plugged = nics.Plug(instance, [
            NodeLab.Nic(0, "52:54:00:30:00:01", link: OvsBridge, nicMode: NicMode.OpenVswitch),
            NodeLab.Nic(1, "52:54:00:30:00:02", link: OvsBridge, nicMode: NicMode.OpenVswitch, vlan: 10),
        ]);
        var (plain, tagged) = (plugged.Nics[0], plugged.Nics[1]);
        Assert.Equal([NodeNics.OpenVswitchPrefix + "0", NodeNics.OpenVswitchPrefix + "1"], plugged.Nics.Select(n => n.Device));
        Assert.Equal(NicMode.OpenVswitch, plain.Mode);
        Assert.Contains(plain.Device, ovs.Vsctl("list-ports", OvsBridge).Split('\n'));
        Assert.Equal("[]", ovs.Vsctl("get", "Port", plain.Device, "tag").Trim());
        Assert.Equal("10", ovs.Vsctl("get", "Port", tagged.Device, "tag").Trim());
        Assert.Equal($"\"{tagged.NicUuid}\"", ovs.Vsctl("get", "Interface", tagged.Device, "external-ids:iface-id").Trim());
        Assert.Equal($"\"{instance.Uuid}\"", ovs.Vsctl("get", "Interface", tagged.Device, "external-ids:vm-uuid").Trim());
        Assert.Equal("\"52:54:00:30:00:02\"", ovs.Vsctl("get", "Interface", tagged.Device, "external-ids:attached-mac").Trim());
        var record = nics.Records.TryRead(tagged.Device)!;
        Assert.Equal(("openvswitch", OvsBridge, (int?)10), (record.Mode, record.OvsBridge, record.Vlan));
        Assert.Equal(2, Ip.Link(lab.Node.Name, plain.Device).Get("linkinfo", "info_data", "numqueues")?.GetInt32());

        nics.SetUp("web1");
        using var watcher = lab.WatchSwitch();
        plain.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, plain.Mac, "ovs-untagged"));
        Assert.True(watcher.Saw("ovs-untagged", TimeSpan.FromSeconds(5)), $"the untagged NIC's frame did not reach the switch; vswitchd log:\n{ovs.Log}");
        // The receiving kernel moves a VLAN tag out of the frame into metadata before packet sockets
        // see it, so the tag is checked where OVS sends it: on the node's uplink, where the userspace
        // datapath writes the tag into the frame bytes.
        using var uplinkWatcher = SwitchWatcher.Open(lab.Node.Namespace);
        tagged.Queues[1].WriteFrame(Frames.Marked(Frames.Broadcast, tagged.Mac, "ovs-vlan10"));
        Assert.True(uplinkWatcher.SawTagged("ovs-vlan10", 10, TimeSpan.FromSeconds(5)), "the vlan 10 NIC's frame did not leave the node tagged 10");
        Assert.True(watcher.Saw("ovs-vlan10", TimeSpan.FromSeconds(5)), "the vlan 10 NIC's frame did not reach the switch");

        nics.Unplug(plugged);
        Assert.Equal("", ovs.Vsctl("list-ports", OvsBridge).Replace(NodeLab.Uplink, "").Trim());
        Assert.DoesNotContain(lab.Taps(), t => t.GetProperty("ifname").GetString()!.StartsWith(NodeNics.OpenVswitchPrefix, StringComparison.Ordinal));
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_port_left_by_a_crash_with_another_tag_is_replaced_not_kept()
    {
        using var lab = NodeLab.Create("ovsleft");
        using var ovs = OvsLab.Start(lab.Node.Name);
        ovs.AddBridge(OvsBridge, NodeLab.Uplink);
        ovs.AddBridge("ovsother", null);
        // A crash left port tyovs0 (no device, no record) on another bridge with tag 99.
        ovs.Vsctl("add-port", "ovsother", NodeNics.OpenVswitchPrefix + "0", "tag=99");
        using var nics = lab.OpenNics(ovs.Database);
        using var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:30:03:01", link: OvsBridge, nicMode: NicMode.OpenVswitch, vlan: 10)]);
        string device = plugged.Nics[0].Device;
        Assert.Equal(NodeNics.OpenVswitchPrefix + "0", device);
        Assert.Equal(OvsBridge, ovs.Vsctl("port-to-br", device).Trim());
        Assert.Equal("10", ovs.Vsctl("get", "Port", device, "tag").Trim());
        nics.Unplug(plugged);
        Assert.Equal("", ovs.Vsctl("list-ports", "ovsother").Trim());
    }

    [Fact]
    public void Plug_time_with_and_without_the_openflow_guard()
    {
        using var lab = NodeLab.Create("ovstime");
        using var ovs = OvsLab.Start(lab.Node.Name);
        ovs.AddBridge(OvsBridge, NodeLab.Uplink);
        using var nics = lab.OpenNics(ovs.Database);
        var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (int round = 0; round < 5; round++)
        {
            foreach (bool spoof in new[] { false, true })
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var plugged = nics.Plug(NodeLab.Instance("t1"), [NodeLab.Nic(0, "52:54:00:30:04:01", link: OvsBridge, nicMode: NicMode.OpenVswitch, ip: "192.0.2.10", spoofCheck: spoof)]);
                times[spoof].Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                nics.Unplug(plugged);
                output.WriteLine($"spoof_check={(spoof ? "on" : "off")}: plug {times[spoof][^1]:0.0} ms, unplug {clock.Elapsed.TotalMilliseconds:0.0} ms");
            }
        }
        double off = times[false].Order().ElementAt(2), on = times[true].Order().ElementAt(2);
        output.WriteLine($"openvswitch: plug median {off:0.0} ms without, {on:0.0} ms with the OpenFlow guard");
        Assert.True(off > 0 && on > 0);
    }

    [Fact]
    public void Verify_fix_of_a_record_whose_tap_is_gone_also_removes_its_ovs_port_and_flows()
    {
        using var lab = NodeLab.Create("ovsfix");
        using var ovs = OvsLab.Start(lab.Node.Name);
        ovs.AddBridge(OvsBridge, NodeLab.Uplink);
        using var nics = lab.OpenNics(ovs.Database);
        var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:30:05:01", link: OvsBridge, nicMode: NicMode.OpenVswitch)]);
        plugged.Dispose();
        string device = plugged.Nics[0].Device;
        var record = nics.Records.TryRead(device)!;
        Ip.Run("-n", lab.Node.Name, "link", "del", device); // the tap vanished; its port, flows and record stayed
        File.SetLastWriteTimeUtc(nics.Records.PathOf(device), DateTime.UtcNow.AddMinutes(-5)); // older than the grace period

        var result = nics.Verify([], fix: true);
        Assert.Contains(result.Findings, f => f.Kind == Verify.VerifyFindingKind.RecordWithoutDevice && f.Device == device && f.Fixed);
        Assert.DoesNotContain(device, ovs.Vsctl("list-ports", OvsBridge));
        Assert.DoesNotContain($"cookie=0x{record.OvsFlowCookie:x}", ovs.OfCtl("dump-flows", OvsBridge));
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_missing_ovs_bridge_is_refused_naming_it_and_the_node()
    {
        using var lab = NodeLab.Create("ovsno");
        using var ovs = OvsLab.Start(lab.Node.Name);
        using var nics = lab.OpenNics(ovs.Database);
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:30:01:01", link: "br-int", nicMode: NicMode.OpenVswitch)]));
        Assert.Contains("cannot plug NIC 0 of instance web1 on node n1: OVS bridge br-int does not exist on node n1", error.Message);
        Assert.DoesNotContain(lab.Taps(), t => t.GetProperty("ifname").GetString()!.StartsWith(NodeNics.OpenVswitchPrefix, StringComparison.Ordinal));
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void An_unreachable_ovs_database_is_one_clear_error()
    {
        using var lab = NodeLab.Create("ovsdb");
        using var runtime = new TempDirectory("noovs");
        using var nics = lab.OpenNics($"unix:{runtime.File("db.sock")}");
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:30:02:01", link: OvsBridge, nicMode: NicMode.OpenVswitch)]));
        Assert.Contains("cannot reach Open vSwitch on node n1", error.Message);
        Assert.DoesNotContain(lab.Taps(), t => t.GetProperty("ifname").GetString()!.StartsWith(NodeNics.OpenVswitchPrefix, StringComparison.Ordinal));
        Assert.Empty(nics.Records.ReservedNames());
    }
}
