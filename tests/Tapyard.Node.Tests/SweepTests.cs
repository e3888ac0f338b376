using Tapyard.Linux.Links;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

/// <summary>What a crash leaves behind, and how the next plug or an instance cleanup removes it.</summary>
[Trait("Category", "Kernel")]
public sealed class SweepTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(10)] // on the sub-interface eth0.10: the stray sits there, not on eth0
    public void A_lost_record_does_not_make_a_duplicate_the_same_mac_macvtap_is_removed_first(int? vlan)
    {
        using var lab = NodeLab.Create("lostrec");
        var instance = NodeLab.Instance("web1");
        var nic = NodeLab.Nic(0, "52:54:00:00:10:01", vlan: vlan);
        int oldIndex;
        using (var nics = lab.OpenNics())
        {
            using var first = nics.Plug(instance, [nic]);
            oldIndex = first.Nics[0].Ifindex;
            // Crash after the device was made, with its record lost (e.g. a wiped runtime directory).
            File.Delete(nics.Records.PathOf(first.Nics[0].Device));
        }

        using (var nics = lab.OpenNics())
        {
            using var second = nics.Plug(instance, [nic]);
            var macvtaps = lab.Macvtaps();
            var only = Assert.Single(macvtaps);
            Assert.Equal("52:54:00:00:10:01", only.GetProperty("address").GetString());
            Assert.Equal(second.Nics[0].Ifindex, only.GetProperty("ifindex").GetInt32());
            Assert.NotEqual(oldIndex, second.Nics[0].Ifindex);
            Assert.Equal(vlan is null ? "eth0" : "eth0.10", only.GetProperty("link").GetString());
            nics.Unplug(second);
        }
        Assert.Empty(lab.Macvtaps());
        Assert.False(Ip.LinkExists(lab.Node.Name, "eth0.10"));
    }

    [Fact]
    public void Plugging_again_removes_the_devices_of_the_instances_stale_records()
    {
        using var lab = NodeLab.Create("stale");
        var instance = NodeLab.Instance("web1");
        using var nics = lab.OpenNics();
        var first = nics.Plug(instance, [NodeLab.Nic(0, "52:54:00:00:11:01"), NodeLab.Nic(1, "52:54:00:00:11:02", mode: Core.Nics.MvtapMode.Vepa)]);
        first.Dispose(); // the fds die with the process; devices and records stay

        // The NICs changed MACs meanwhile (instance modify), so only the records can find the old devices.
        using var second = nics.Plug(instance, [NodeLab.Nic(0, "52:54:00:00:11:03"), NodeLab.Nic(1, "52:54:00:00:11:04")]);
        var macs = lab.Macvtaps().Select(l => l.GetProperty("address").GetString()).Order().ToList();
        Assert.Equal(["52:54:00:00:11:03", "52:54:00:00:11:04"], macs);
        Assert.Equal(second.Nics.Select(n => n.Device).Order(), nics.Records.ReservedNames().Order());
        nics.Unplug(second);
    }

    [Fact]
    public void Instance_cleanup_removes_what_a_killed_process_left_devices_and_records()
    {
        using var lab = NodeLab.Create("killed");
        using (var nics = lab.OpenNics())
        {
            nics.Plug(NodeLab.Instance("web1", vcpus: 2), [NodeLab.Nic(0, "52:54:00:00:12:01"), NodeLab.Nic(1, "52:54:00:00:12:02")]).Dispose();
            nics.Plug(NodeLab.Instance("other"), [NodeLab.Nic(0, "52:54:00:00:12:09")]).Dispose();
        }
        Assert.Equal(3, lab.Macvtaps().Count);

        using (var nics = lab.OpenNics())
        {
            var swept = nics.SweepInstance("web1");
            Assert.Equal(["vtap0", "vtap1"], swept.DevicesRemoved.Order());
            Assert.Equal(["vtap0", "vtap1"], swept.RecordsRemoved.Order());
            // Another instance's device and record are left alone.
            var left = Assert.Single(lab.Macvtaps());
            Assert.Equal("vtap2", left.GetProperty("ifname").GetString());
            Assert.Equal(["vtap2"], nics.Records.ReservedNames());
            Assert.Same(SweepResult.Nothing, nics.SweepInstance("web1"));
        }
    }

    [Fact]
    public void A_record_whose_device_is_gone_is_removed_and_a_reused_name_is_not_touched()
    {
        using var lab = NodeLab.Create("gone");
        using var nics = lab.OpenNics();
        var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:13:01")]);
        plugged.Dispose();
        // The device vanished (deleted by hand) and someone made a device of the same name.
        Ip.Run("-n", lab.Node.Name, "link", "del", "vtap0");
        Ip.Run("-n", lab.Node.Name, "link", "add", "link", "eth0", "name", "vtap0", "type", "macvtap");

        var swept = nics.SweepInstance("web1");
        Assert.Empty(swept.DevicesRemoved);
        Assert.Equal(["vtap0"], swept.RecordsRemoved);
        Assert.True(Ip.LinkExists(lab.Node.Name, "vtap0"));
    }

    [Fact]
    public async Task Names_and_ifindexes_stay_unique_when_two_plugs_of_50_nics_run_at_once()
    {
        using var lab = NodeLab.Create("conc");
        using var start = new Barrier(2);
        PluggedInstance PlugFifty(string name, int macByte)
        {
            using var nics = lab.OpenNics();
            var list = Enumerable.Range(0, 50).Select(i => NodeLab.Nic(i, $"52:54:00:{macByte:x2}:00:{i:x2}")).ToList();
            start.SignalAndWait();
            return nics.Plug(NodeLab.Instance(name), list);
        }
        var a = Task.Run(() => PlugFifty("a", 0x20));
        var b = Task.Run(() => PlugFifty("b", 0x21));
        using var pa = await a;
        using var pb = await b;

        var all = pa.Nics.Concat(pb.Nics).ToList();
        Assert.Equal(100, all.Select(n => n.Device).Distinct().Count());
        Assert.Equal(100, all.Select(n => n.Ifindex).Distinct().Count());
        var seen = lab.Macvtaps();
        Assert.Equal(100, seen.Count);
        Assert.Equal(all.Select(n => n.Ifindex).Order(), seen.Select(l => l.GetProperty("ifindex").GetInt32()).Order());
        Assert.All(all, n => Assert.True(n.Device.Length <= LinkName.MaxBytes));

        using var nics = lab.OpenNics();
        Assert.Equal(100, nics.Records.ReadAll().Count);
        Assert.Equal(50, nics.SweepInstance("a").DevicesRemoved.Count);
        Assert.Equal(50, nics.SweepInstance("b").DevicesRemoved.Count);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }
}
