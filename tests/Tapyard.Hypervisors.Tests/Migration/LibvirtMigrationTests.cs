using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Probes;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>Live migration of a libvirt guest (TCG) between two lab nodes' own libvirtds, pinged from the outside host throughout.</summary>
[Trait("Category", "Kernel")]
public sealed class LibvirtMigrationTests(LibvirtMigrationLab lab, ITestOutputHelper output) : IClassFixture<LibvirtMigrationLab>
{
    [Fact]
    public void A_libvirt_guest_migrates_there_and_back_answering_pings_and_leaves_nothing_on_the_source()
    {
        for (int round = 1; round <= 2; round++)
        {
            string source = lab.CurrentNode();
            string target = lab.OtherNode(source);
            using var pinger = ContinuousPinger.Start(lab.Layout.OutsideNamespace, LibvirtMigrationLab.GuestAddress);
            WaitForReplies(pinger, 5);
            MigrationResult result;
            double? targetUp, sourceDown;
            using (var probe = new MacvtapStateProbe(source, target))
            {
                result = lab.Migrator.Migrate(LibvirtMigrationLab.InstanceName, target);
                Thread.Sleep(50);
                probe.Dispose();
                (targetUp, sourceDown) = (probe.TargetUp, probe.SourceDown);
            }
            var before = pinger.Current;
            WaitForReplies(pinger, before.Received + 10);
            var pings = pinger.Stop();
            output.WriteLine($"{source} -> {target}: libvirt total {result.TotalTime.TotalMilliseconds:0} ms, downtime {result.Downtime.TotalMilliseconds:0} ms, "
                + $"switchover {result.Switchover.TotalMilliseconds:0} ms, whole operation {result.Elapsed.TotalMilliseconds:0} ms; pings: {pings}");

            // The target's NIC stayed down while libvirt prepared and transferred (it came up with the switch, after the source's went down).
            output.WriteLine($"  target NIC first up at {targetUp:0} ms, source NIC first down at {sourceDown:0} ms (probe clock)");
            Assert.True(targetUp is not null && sourceDown is not null && targetUp >= sourceDown - 5, $"target up at {targetUp} ms, source down at {sourceDown} ms");
            Assert.True(result.Warnings.Count == 0, string.Join(" / ", result.Warnings));
            Assert.Equal((source, target), (result.SourceNode, result.TargetNode));
            Assert.True(pings.Lost <= pings.Sent / 2 && pings.LongestOutage < TimeSpan.FromSeconds(5), $"pings: {pings}");

            Assert.Equal(target, lab.CurrentNode());
            Assert.Equal(InstanceState.Running, lab.Driver.Status(ConfigTransaction.Read(lab.Store).GetInstance(LibvirtMigrationLab.InstanceName)).State);
            // Source: no domain, no Tapyard device, no record; target: the domain, one device and its record, up.
            Assert.Empty(lab.DomainsOn(source));
            Assert.Equal([lab.Domain], lab.DomainsOn(target));
            Assert.Equal("running", lab.Driver.VirshFor(target).Check("domstate", ["domstate", lab.Domain]).Output.Trim());
            Assert.Empty(lab.RecordsOn(source));
            Assert.Empty(lab.MacvtapsIn(source));
            var record = Assert.Single(lab.RecordsOn(target));
            var device = Assert.Single(lab.MacvtapsIn(target));
            Assert.Equal((record.Device, record.Ifindex), (device.Name, device.Index));
            Assert.True(device.Flags.HasFlag(Linux.Links.InterfaceFlags.Up));
            // The target's domain names the target's device; no incoming directory is left.
            string xml = File.ReadAllText(Path.Combine(lab.Driver.PathsOf(LibvirtMigrationLab.InstanceName).Directory, LibvirtDriver.DomainFile));
            Assert.Contains($"<target dev=\"{device.Name}\" managed=\"no\" />", xml);
            string prefix = lab.Driver.PathsOf(LibvirtMigrationLab.InstanceName).IncomingPrefix;
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "*"));

            // The console moved with the guest, and it is the same guest, still reaching the outside host.
            lab.ReconnectConsole();
            Assert.Equal(0, lab.Console.Run("true", TimeSpan.FromSeconds(30)).ExitCode);
            Assert.Equal(0, lab.Console.Ping(LabLayout.OutsideAddress, 2).Lost);
        }
    }

    [Fact]
    public void A_libvirt_migration_to_a_node_without_the_lower_device_is_refused_and_changes_nothing()
    {
        string source = lab.CurrentNode();
        var records = lab.RecordsOn(source);
        var domains = lab.DomainsOn(source);
        string config = File.ReadAllText(lab.Store.ConfigPath);

        var e = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(LibvirtMigrationLab.InstanceName, LibvirtMigrationLab.BareNode));

        Assert.Equal($"cannot migrate instance {LibvirtMigrationLab.InstanceName} to node {LibvirtMigrationLab.BareNode}: lower device eth0 of NIC 0 does not exist there; nothing was changed", e.Message);
        Assert.Equal(config, File.ReadAllText(lab.Store.ConfigPath));
        Assert.Equal(domains, lab.DomainsOn(source));
        Assert.Equal("running", lab.Driver.VirshFor(source).Check("domstate", ["domstate", lab.Domain]).Output.Trim());
        Assert.Equal(records, lab.RecordsOn(source));
        Assert.Empty(lab.RecordsOn(LibvirtMigrationLab.BareNode));
        Assert.Empty(lab.MacvtapsIn(lab.Bare.Name));
    }

    [Fact]
    public void Migration_is_refused_when_libvirt_manages_the_NICs_and_for_the_same_or_an_unknown_node()
    {
        string source = lab.CurrentNode();
        string config = File.ReadAllText(lab.Store.ConfigPath);
        var managed = new LibvirtMigrator(lab.Store, lab.Options with { LibvirtManagesNics = true });

        var e = Assert.Throws<HypervisorException>(() => managed.Migrate(LibvirtMigrationLab.InstanceName, lab.OtherNode(source)));
        var same = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(LibvirtMigrationLab.InstanceName, source));
        var unknown = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(LibvirtMigrationLab.InstanceName, "nosuchnode"));

        Assert.Equal($"cannot migrate instance {LibvirtMigrationLab.InstanceName}: libvirt manages its NICs, and Tapyard migrates only instances on its prepared devices; nothing was changed", e.Message);
        Assert.Equal($"cannot migrate instance {LibvirtMigrationLab.InstanceName} to node {source}: it already runs there; name another node", same.Message);
        Assert.Equal($"cannot migrate instance {LibvirtMigrationLab.InstanceName}: node 'nosuchnode' does not exist; see `tapyard node list`", unknown.Message);
        Assert.Equal(config, File.ReadAllText(lab.Store.ConfigPath));
        Assert.Empty(lab.DomainsOn(lab.OtherNode(source)));
        Assert.Empty(lab.MacvtapsIn(lab.OtherNode(source)));
    }

    [Fact]
    public void A_failed_libvirt_migration_leaves_the_guest_on_the_source_and_nothing_on_the_target()
    {
        string source = lab.CurrentNode();
        string target = lab.OtherNode(source);
        var records = lab.RecordsOn(source);
        // The target "receives" on an address it does not have: its QEMU cannot listen, libvirt's prepare fails after Tapyard plugged the NICs.
        string? primary = ConfigTransaction.Read(lab.Store).GetNode(target).PrimaryIp;
        ConfigTransaction.Run(lab.Store, s => { s.GetNode(target).PrimaryIp = "192.0.2.99"; });
        string config = File.ReadAllText(lab.Store.ConfigPath);
        try
        {
            var e = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(LibvirtMigrationLab.InstanceName, target));

            output.WriteLine(e.Message);
            Assert.StartsWith($"cannot migrate instance {LibvirtMigrationLab.InstanceName} to node {target}: libvirt's migration failed: libvirt (", e.Message);
            Assert.EndsWith($"; the guest still runs on the source node; nothing was left on node {target}", e.Message);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Equal(config, File.ReadAllText(lab.Store.ConfigPath));
            Assert.Equal("running", lab.Driver.VirshFor(source).Check("domstate", ["domstate", lab.Domain]).Output.Trim());
            Assert.Equal(records, lab.RecordsOn(source));
            Assert.Empty(lab.DomainsOn(target));
            Assert.Empty(lab.RecordsOn(target));
            Assert.Empty(lab.MacvtapsIn(target));
            string prefix = lab.Driver.PathsOf(LibvirtMigrationLab.InstanceName).IncomingPrefix;
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "*"));
            Assert.Equal(0, lab.Console.Ping(LabLayout.OutsideAddress, 2).Lost);
        }
        finally
        {
            ConfigTransaction.Run(lab.Store, s => { s.GetNode(target).PrimaryIp = primary; });
        }
    }

    private static void WaitForReplies(ContinuousPinger pinger, int replies)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (pinger.Current.Received < replies)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the guest did not answer {replies} pings within 60 s: {pinger.Current}");
            Thread.Sleep(20);
        }
    }
}
