using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Lab;
using Tapyard.Lab.Probes;
using Xunit.Abstractions;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>Live migration of a real guest (TCG) between two lab nodes, pinged from the outside host throughout.</summary>
[Trait("Category", "Kernel")]
[Collection(MigrationCollection.Name)]
public sealed class MigrationTests(MigrationLab lab, ITestOutputHelper output)
{
    [Fact]
    public void A_guest_migrates_there_and_back_answering_pings_and_leaves_nothing_on_the_source()
    {
        for (int round = 1; round <= 2; round++)
        {
            string source = lab.CurrentNode();
            string target = lab.OtherNode(source);
            int sourcePid = lab.Driver.ProcessOf(MigrationLab.InstanceName)!.Pid;
            using var pinger = ContinuousPinger.Start(lab.Layout.OutsideNamespace, MigrationLab.GuestAddress);
            WaitForReplies(pinger, 5);
            var result = lab.Migrator.Migrate(MigrationLab.InstanceName, target);
            var before = pinger.Current;
            WaitForReplies(pinger, before.Received + 10);
            var pings = pinger.Stop();
            output.WriteLine($"{source} -> {target}: total {result.TotalTime.TotalMilliseconds:0} ms, downtime {result.Downtime.TotalMilliseconds:0} ms, "
                + $"switchover {result.Switchover.TotalMilliseconds:0} ms, whole operation {result.Elapsed.TotalMilliseconds:0} ms, "
                + $"{result.RamTransferredBytes / 1024} KiB; pings: {pings}");

            Assert.True(result.Warnings.Count == 0, string.Join(" / ", result.Warnings));
            Assert.Equal((source, target), (result.SourceNode, result.TargetNode));
            Assert.True(result.TotalTime > TimeSpan.Zero);
            // The guest answered before and after; a short outage only (under TCG on a loaded machine: generous).
            Assert.True(pings.Lost <= pings.Sent / 2 && pings.LongestOutage < TimeSpan.FromSeconds(5), $"pings: {pings}");

            Assert.Equal(target, lab.CurrentNode());
            var status = lab.Driver.Status(ConfigTransaction.Read(lab.Store).GetInstance(MigrationLab.InstanceName));
            Assert.Equal(InstanceState.Running, status.State);
            Assert.NotEqual(sourcePid, status.Pid);
            string prefix = lab.Migrator.IncomingPrefixOf(MigrationLab.InstanceName);
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "*"));

            // Source: no Tapyard device and no record; target: exactly one of each, up.
            Assert.Empty(lab.RecordsOn(source));
            Assert.Empty(lab.MacvtapsIn(source));
            var record = Assert.Single(lab.RecordsOn(target));
            var device = Assert.Single(lab.MacvtapsIn(target));
            Assert.Equal((record.Device, record.Ifindex), (device.Name, device.Index));
            Assert.True(device.Flags.HasFlag(Linux.Links.InterfaceFlags.Up));

            // The console moved with the guest (same log, socket in the instance's directory) and the guest is the same one.
            lab.ReconnectConsole();
            Assert.Equal(0, lab.Console.Run("true", TimeSpan.FromSeconds(30)).ExitCode);
            Assert.Equal(0, lab.Console.Ping(LabLayout.OutsideAddress, 2).Lost);
        }
    }

    [Fact]
    public void A_migration_to_a_node_without_the_lower_device_is_refused_and_changes_nothing()
    {
        string source = lab.CurrentNode();
        int pid = lab.Driver.ProcessOf(MigrationLab.InstanceName)!.Pid;
        var records = lab.RecordsOn(source);
        string config = File.ReadAllText(lab.Store.ConfigPath);

        var e = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(MigrationLab.InstanceName, MigrationLab.BareNode));

        Assert.Equal($"cannot migrate instance {MigrationLab.InstanceName} to node {MigrationLab.BareNode}: lower device eth0 of NIC 0 does not exist there; nothing was changed", e.Message);
        Assert.Equal(config, File.ReadAllText(lab.Store.ConfigPath));
        Assert.Equal(pid, lab.Driver.ProcessOf(MigrationLab.InstanceName)!.Pid);
        Assert.Equal(records, lab.RecordsOn(source));
        Assert.Empty(lab.RecordsOn(MigrationLab.BareNode));
        Assert.Empty(lab.MacvtapsIn(lab.Bare.Name));
    }

    [Fact]
    public void Migrating_to_the_same_node_or_an_unknown_one_is_refused()
    {
        string source = lab.CurrentNode();
        var same = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(MigrationLab.InstanceName, source));
        Assert.Equal($"cannot migrate instance {MigrationLab.InstanceName} to node {source}: it already runs there; name another node", same.Message);
        var unknown = Assert.Throws<HypervisorException>(() => lab.Migrator.Migrate(MigrationLab.InstanceName, "nosuchnode"));
        Assert.Equal($"cannot migrate instance {MigrationLab.InstanceName}: node 'nosuchnode' does not exist; see `tapyard node list`", unknown.Message);
        Assert.Equal(source, lab.CurrentNode());
    }

    [Fact]
    public void A_migration_whose_target_qemu_dies_leaves_the_guest_running_on_the_source_and_nothing_on_the_target()
    {
        string source = lab.CurrentNode();
        string target = lab.OtherNode(source);
        int pid = lab.Driver.ProcessOf(MigrationLab.InstanceName)!.Pid;
        // A migrator whose incoming QEMU cannot start: a binary that does not exist is the simplest death.
        var broken = new Tapyard.Hypervisors.Qemu.Migration.QemuMigrator(lab.Store, lab.Options with { Binary = "/nonexistent/qemu-system-x86_64" });

        var e = Assert.Throws<HypervisorException>(() => broken.Migrate(MigrationLab.InstanceName, target));

        output.WriteLine(e.Message);
        Assert.StartsWith($"cannot migrate instance {MigrationLab.InstanceName} to node {target}: ", e.Message);
        Assert.EndsWith($"the guest still runs on the source node; nothing was left on node {target}", e.Message);
        Assert.Equal(source, lab.CurrentNode());
        Assert.Equal(pid, lab.Driver.ProcessOf(MigrationLab.InstanceName)!.Pid);
        Assert.Empty(lab.RecordsOn(target));
        Assert.Empty(lab.MacvtapsIn(lab.Layout.NodeNamespace(target == lab.Layout.NodeName(1) ? 1 : 2)));
        Assert.Equal(0, lab.Console.Ping(Lab.LabLayout.OutsideAddress, 2).Lost);
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
