using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

/// <summary>Tapyard processes that plug at the same time, or die holding their devices.</summary>
[Trait("Category", "Kernel")]
public sealed class MultiProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void Two_processes_plugging_50_nics_each_on_one_node_collide_on_no_name_or_ifindex()
    {
        using var lab = NodeLab.Create("mproc");
        using var a = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, "a", 50, 0x30, hold: false);
        using var b = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, "b", 50, 0x31, hold: false);
        a.Go();
        b.Go();
        Assert.True(a.WaitForExit(Limit) == 0, a.Errors);
        Assert.True(b.WaitForExit(Limit) == 0, b.Errors);

        var all = a.Plugged.Concat(b.Plugged).ToList();
        Assert.Equal(100, all.Count);
        Assert.Equal(100, all.Select(p => p.Device).Distinct().Count());
        Assert.Equal(100, all.Select(p => p.Ifindex).Distinct().Count());
        var seen = lab.Macvtaps();
        Assert.Equal(all.Select(p => p.Ifindex).Order(), seen.Select(l => l.GetProperty("ifindex").GetInt32()).Order());
        Assert.Equal(all.Select(p => p.Device).Order(), seen.Select(l => l.GetProperty("ifname").GetString()!).Order());

        using var nics = lab.OpenNics();
        Assert.Equal(all.Select(p => p.Device).Order(), nics.Records.ReadAll().Select(r => r.Device).Order());
        nics.SweepInstance("a");
        nics.SweepInstance("b");
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void Two_processes_plugging_one_instance_at_once_serialize_and_leave_one_consistent_set_of_devices()
    {
        using var lab = NodeLab.Create("mprocsame");
        using var a = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, "same", 20, 0x40, hold: false);
        using var b = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, "same", 20, 0x41, hold: false);
        a.Go();
        b.Go();
        Assert.True(a.WaitForExit(Limit) == 0, a.Errors);
        Assert.True(b.WaitForExit(Limit) == 0, b.Errors);

        // The second plug swept the first one's devices and made its own: exactly one set, each with its record.
        var seen = lab.Macvtaps();
        Assert.Equal(20, seen.Count);
        using var nics = lab.OpenNics();
        var records = nics.Records.ReadAll();
        Assert.Equal(seen.Select(l => l.GetProperty("ifname").GetString()!).Order(), records.Select(r => r.Device).Order());
        Assert.Equal(seen.Select(l => l.GetProperty("ifindex").GetInt32()).Order(), records.Select(r => r.Ifindex).Order());
        Assert.Single(seen.Select(l => l.GetProperty("address").GetString()![..11]).Distinct()); // all from one process
        Assert.Equal(20, nics.SweepInstance("same").DevicesRemoved.Count);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void After_kill_9_the_records_remain_and_the_sweep_removes_devices_and_records()
    {
        using var lab = NodeLab.Create("kill");
        using (var plugger = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, "web1", 3, 0x40, hold: true))
        {
            plugger.Go();
            plugger.WaitUntilPlugged(Limit);
            plugger.Kill();
        }
        Assert.Equal(3, lab.Macvtaps().Count);

        using var nics = lab.OpenNics();
        Assert.Equal(3, nics.Records.ReadAll().Count(r => r.Instance == "web1"));
        var swept = nics.SweepInstance("web1");
        Assert.Equal(3, swept.DevicesRemoved.Count);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_kill_at_any_moment_of_a_plug_leaves_no_device_without_its_record()
    {
        using var lab = NodeLab.Create("crash");
        int landedMidPlug = 0;
        // Kill as soon as the node holds `after` of the 50 macvtaps: the process is then in the middle
        // of making the rest (record writes, creates, configuration), wherever exactly.
        foreach (int after in new[] { 1, 7, 20, 33 })
        {
            string instance = $"web{after}";
            using (var plugger = PluggerProcess.Start(lab.Runtime.Path, NodeLab.NodeName, lab.Node.Name, instance, 50, 0x50, hold: true))
            {
                plugger.Go();
                var deadline = DateTime.UtcNow + Limit;
                while (lab.Node.Netlink.Links.List(new() { Kind = "macvtap" }).Count < after && DateTime.UtcNow < deadline)
                    Thread.Sleep(1);
                plugger.Kill();
            }

            using var nics = lab.OpenNics();
            var records = nics.Records.ReadAll().ToDictionary(r => r.Device);
            var devices = lab.Macvtaps();
            if (devices.Count is > 0 and < 50)
                landedMidPlug++;
            foreach (var device in devices)
            {
                string name = device.GetProperty("ifname").GetString()!;
                Assert.True(records.TryGetValue(name, out var record), $"{name} exists without a record (killed after {after} devices)");
                Assert.Equal(record.Ifindex, device.GetProperty("ifindex").GetInt32());
                Assert.Equal(record.Mac, device.GetProperty("address").GetString());
            }
            nics.SweepInstance(instance);
            Assert.Empty(lab.Macvtaps());
            // What may remain is a bare reservation (killed between reserving a name and writing its record): never a device.
            Assert.All(nics.Records.ReservedNames(), name => Assert.Null(nics.Records.TryRead(name)));
        }
        Assert.True(landedMidPlug > 0, "no kill landed while devices were being created");
    }
}
