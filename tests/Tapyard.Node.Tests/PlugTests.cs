using System.Text.Json;
using Tapyard.Core.Nics;
using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

[Trait("Category", "Kernel")]
public sealed class PlugTests
{
    [Fact]
    public void Plugs_a_bridge_and_a_vepa_nic_down_with_the_settings_the_guest_needs_and_frames_flow_once_up()
    {
        using var lab = NodeLab.Create("plug");
        Ip.Run("-n", lab.Node.Name, "link", "set", "dev", NodeLab.Uplink, "txqueuelen", "777");
        using var nics = lab.OpenNics();
        var instance = NodeLab.Instance("web1", vcpus: 2);
        using var plugged = nics.Plug(instance, [
            NodeLab.Nic(0, "52:54:00:00:00:01", mode: MvtapMode.Bridge),
            NodeLab.Nic(1, "52:54:00:00:00:02", mode: MvtapMode.Vepa),
        ]);

        Assert.Equal(["vtap0", "vtap1"], plugged.Nics.Select(n => n.Device));
        string[] modes = ["bridge", "vepa"];
        foreach (var (nic, i) in plugged.Nics.Select((n, i) => (n, i)))
        {
            var link = Ip.Link(lab.Node.Name, nic.Device);
            Assert.Equal("macvtap", link.Get("linkinfo", "info_kind")?.GetString());
            Assert.Equal(modes[i], link.Get("linkinfo", "info_data", "mode")?.GetString());
            Assert.Equal($"52:54:00:00:00:0{i + 1}", link.GetProperty("address").GetString());
            Assert.Equal(nic.Ifindex, link.GetProperty("ifindex").GetInt32());
            Assert.True(nic.Ifindex >= IfindexAllocator.Lowest);
            var flags = link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
            Assert.DoesNotContain("UP", flags);
            Assert.Contains("ALLMULTI", flags);
            Assert.Equal("none", link.GetProperty("inet6_addr_gen_mode").GetString());
            Assert.Equal(777, link.GetProperty("txqlen").GetInt32());
            Assert.Equal(2, link.GetProperty("num_tx_queues").GetInt32());
            Assert.Equal(2, link.GetProperty("num_rx_queues").GetInt32());
            Assert.Equal(2, nic.Queues.Count);
            Assert.Equal(nic.Device, nic.Queues.Device);

            var record = nics.Records.TryRead(nic.Device);
            Assert.NotNull(record);
            Assert.Equal(("web1", i, nic.NicUuid, "macvtap", nic.Ifindex, nic.Mac.ToString(), "eth0", "n1"),
                (record.Instance, record.NicIndex, record.NicUuid, record.Mode, record.Ifindex, record.Mac, record.Lower, record.Node));
        }

        using var watcher = lab.WatchSwitch();
        var guest = plugged.Nics[0];
        // DOWN until the vCPUs start: nothing leaves.
        guest.Queues[0].WriteFrame(Frames.Marked(Frames.Broadcast, guest.Mac, "before-up"));
        Assert.False(watcher.Saw("before-up", Frames.Absence));

        nics.SetUp("web1");
        Assert.All(plugged.Nics, nic => Assert.Contains("UP", Flags(Ip.Link(lab.Node.Name, nic.Device))));
        foreach (var nic in plugged.Nics)
            foreach (var (queue, q) in nic.Queues.Select((queue, q) => (queue, q)))
            {
                string marker = $"from-{nic.Device}-queue{q}";
                queue.WriteFrame(Frames.Marked(Frames.Broadcast, nic.Mac, marker));
                Assert.True(watcher.Saw(marker, Frames.Arrival), $"{marker} did not reach the switch");
            }

        nics.SetDown("web1");
        Assert.All(plugged.Nics, nic => Assert.DoesNotContain("UP", Flags(Ip.Link(lab.Node.Name, nic.Device))));

        nics.Unplug(plugged);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
        Assert.All(plugged.Nics, nic => Assert.True(nic.Queues.All(q => q.IsClosed)));
    }

    [Fact]
    public void Queues_are_capped_at_the_kernel_limit()
    {
        using var lab = NodeLab.Create("qcap");
        using var nics = lab.OpenNics();
        using var plugged = nics.Plug(NodeLab.Instance("big", vcpus: 300), [NodeLab.Nic(0, "52:54:00:00:01:01")]);
        Assert.Equal(NodeNics.MaxQueuesPerNic, plugged.Nics[0].Queues.Count);
        Assert.Equal(NodeNics.MaxQueuesPerNic, Ip.Link(lab.Node.Name, "vtap0").GetProperty("num_tx_queues").GetInt32());
        nics.Unplug(plugged);
    }

    [Fact]
    public void Passthru_restores_the_lower_devices_mac_and_state_on_unplug()
    {
        using var lab = NodeLab.Create("pass");
        lab.AddUplink("eth1", up: false);
        using var nics = lab.OpenNics();
        string lowerMac = Ip.Link(lab.Node.Name, "eth1").GetProperty("address").GetString()!;

        using var plugged = nics.Plug(NodeLab.Instance("db1"), [NodeLab.Nic(0, "52:54:00:00:02:01", link: "eth1", mode: MvtapMode.Passthru)]);
        var nic = plugged.Nics[0];
        Assert.Equal("passthru", Ip.Link(lab.Node.Name, nic.Device).Get("linkinfo", "info_data", "mode")?.GetString());
        // The guest's MAC is on the macvtap, and so on the lower device.
        Assert.Equal("52:54:00:00:02:01", Ip.Link(lab.Node.Name, nic.Device).GetProperty("address").GetString());
        Assert.Equal("52:54:00:00:02:01", Ip.Link(lab.Node.Name, "eth1").GetProperty("address").GetString());
        var record = nics.Records.TryRead(nic.Device)!;
        Assert.Equal((lowerMac, (bool?)false), (record.LowerMacBefore, record.LowerUpBefore));

        // Something brings the lower device up while the guest runs; unplug puts it back as it was.
        Ip.Run("-n", lab.Node.Name, "link", "set", "dev", "eth1", "up");
        nics.SetUp("db1");
        nics.Unplug(plugged);

        var lower = Ip.Link(lab.Node.Name, "eth1");
        Assert.Equal(lowerMac, lower.GetProperty("address").GetString());
        Assert.DoesNotContain("UP", Flags(lower));
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_missing_lower_device_fails_naming_device_and_node_and_leaves_nothing()
    {
        using var lab = NodeLab.Create("nolow");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:03:01", link: "eth9")]));
        Assert.Contains("lower device eth9 does not exist on node n1", error.Message);
        Assert.Contains("NIC 0 of instance web1", error.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void When_the_third_nic_fails_the_first_two_are_removed_devices_and_records()
    {
        using var lab = NodeLab.Create("rollb");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1", vcpus: 2), [
            NodeLab.Nic(0, "52:54:00:00:04:01"),
            NodeLab.Nic(1, "52:54:00:00:04:02", mode: MvtapMode.Vepa),
            NodeLab.Nic(2, "52:54:00:00:04:03", link: "eth9"),
        ]));
        Assert.Equal(2, error.NicIndex);
        Assert.Contains("cannot plug NIC 2 of instance web1 on node n1: lower device eth9 does not exist on node n1", error.Message);
        Assert.Contains("the 2 NICs plugged before (vtap0, vtap1) were removed again", error.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_failed_plug_also_removes_the_vlan_sub_interface_it_made()
    {
        using var lab = NodeLab.Create("vlanrb");
        using var nics = lab.OpenNics();
        var error = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [
            NodeLab.Nic(0, "52:54:00:00:05:01"),
            NodeLab.Nic(1, "52:54:00:00:05:02", vlan: 10),
            NodeLab.Nic(2, "52:54:00:00:05:03", link: "eth9"),
        ]));
        Assert.Contains("cannot plug NIC 2 of instance web1 on node n1: lower device eth9 does not exist on node n1", error.Message);
        Assert.Contains("(vtap0, vtap1) were removed again", error.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.False(Ip.LinkExists(lab.Node.Name, "eth0.10"), "the rollback left the VLAN sub-interface NIC 1 made");
        Assert.Empty(nics.Records.ReservedNames());
    }

    private static List<string?> Flags(JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
}
