using System.Net;
using Tapyard.Core.Addressing;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Core.Tests.Support;

namespace Tapyard.Core.Tests.Store;

/// <summary>
/// The concurrency and crash tests, with real OS processes (Tapyard.Core.StoreWriter) each
/// running ConfigTransaction with InstanceOperations.Add, as `tapyard instance add` does.
/// </summary>
public sealed class MultiProcessTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const string Network = "pool-net";
    private const string Node = "n1";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _dir = new("multiprocess");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Eight_processes_adding_fifty_instances_each_lose_nothing()
    {
        const int Writers = 8, Each = 50;
        var store = new FileConfigStore(_dir.Path);
        long initial = CreateCluster(store, "10.20.0.0/23", existingInstances: 0);

        var writers = Enumerable.Range(0, Writers)
            .Select(w => WriterProcess.Start(_dir.Path, Network, Node, $"w{w}-", Each))
            .ToList();
        try
        {
            foreach (var writer in writers)
                Assert.True(writer.WaitForExit(Patience) == 0, writer.Errors);
        }
        finally
        {
            writers.ForEach(writer => writer.Dispose());
        }

        var (config, revision) = store.Load();
        Assert.Equal(Writers * Each, config!.Instances.Count);
        Assert.Equal(initial + Writers * Each, revision);
        Assert.Equal(Writers * Each, writers.Sum(writer => writer.Committed.Count));
        AssertConsistent(config, expectedNicCount: Writers * Each);
    }

    [Fact]
    public void Killing_a_writer_at_random_moments_never_breaks_the_config()
    {
        const int Kills = 30;
        var store = new FileConfigStore(_dir.Path);
        // A few hundred KB of config, so kills also land while the temp file is being written.
        const int Seeded = 1500;
        long seededRevision = CreateCluster(store, "10.30.0.0/16", existingInstances: Seeded);
        long revision = seededRevision;
        var random = new Random(20261121);
        var survivors = new List<string>();
        int killedAfterACommit = 0, killsLeavingATempFile = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();

        for (int kill = 0; kill < Kills; kill++)
        {
            using var writer = WriterProcess.Start(_dir.Path, Network, Node, $"k{kill}-", count: 0);
            // Half the kills strike anywhere from start-up on, half while the writer is committing.
            if (kill % 2 == 1 && writer.WaitForFirstCommit(Patience))
            {
                killedAfterACommit++;
                Thread.Sleep(random.Next(0, 40));
            }
            else
            {
                Thread.Sleep(random.Next(0, 400));
            }
            writer.KillNow();
            survivors.AddRange(writer.Committed);
            if (Directory.GetFiles(_dir.Path, FileConfigStore.TempPrefix + "*").Length > 0)
                killsLeavingATempFile++;

            var (config, stored) = new FileConfigStore(_dir.Path).Load();
            Assert.NotNull(config);
            Assert.True(stored >= revision, $"revision went back from {revision} to {stored}");
            revision = stored;
            Assert.All(survivors, name => Assert.True(config.Instances.ContainsKey(name), $"{name} was reported committed but is gone"));
            // Each transaction adds one instance: the serial counts them exactly.
            Assert.Equal(Seeded + (stored - seededRevision), config.Instances.Count);
            AssertConsistent(config, expectedNicCount: config.Instances.Count);
        }
        Assert.True(killedAfterACommit > 0);
        output.WriteLine($"{Kills} kills in {started.Elapsed.TotalSeconds:0.0} s: {killedAfterACommit} after a commit, " +
            $"{killsLeavingATempFile} in the middle of a write (temp file left), {survivors.Count} commits reported, revision {revision}");

        // The store still works after all that: the lock is free, a crash's temp file is cleaned up.
        using (var last = WriterProcess.Start(_dir.Path, Network, Node, "after-", 3))
            Assert.True(last.WaitForExit(Patience) == 0, last.Errors);
        Assert.Empty(Directory.GetFiles(_dir.Path, FileConfigStore.TempPrefix + "*"));
        AssertConsistent(store.Load().Config!, expectedNicCount: store.Load().Config!.Instances.Count);
    }

    /// <summary>cluster init, node n1, the network connected to its group, and optionally instances added in one transaction; returns the revision.</summary>
    private static long CreateCluster(FileConfigStore store, string subnet, int existingInstances)
    {
        ConfigTransaction.Initialize(store, () => ClusterOperations.Init(new ClusterInitRequest()));
        ConfigTransaction.Run(store, state =>
        {
            NodeOperations.Add(state, new NodeAddRequest { Name = Node });
            NetworkOperations.Add(state, new NetworkAddRequest { Name = Network, Network = subnet });
            NetworkOperations.Connect(state, Network, ClusterInitRequest.DefaultGroupName,
                NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge"), checkConflicts: true);
        });
        if (existingInstances > 0)
        {
            var nic = NicRequestParser.Parse($"0:network={Network},ip=pool");
            ConfigTransaction.Run(store, state =>
            {
                for (int i = 0; i < existingInstances; i++)
                    InstanceOperations.Add(state, new InstanceAddRequest { Name = $"seed{i}", Node = Node, Nics = [nic] });
            });
        }
        return store.Load().Revision;
    }

    /// <summary>Every NIC on the network has an IP inside it, no IP or MAC twice, and the operations can index it.</summary>
    private static void AssertConsistent(ClusterConfig config, int expectedNicCount)
    {
        var network = config.Networks[Network];
        var subnet = Ipv4Subnet.Parse(network.Subnet);
        var nics = config.Instances.Values.SelectMany(instance => instance.Nics).ToList();
        Assert.Equal(expectedNicCount, nics.Count);
        Assert.All(nics, nic => Assert.Equal(network.Uuid, nic.NetworkUuid));
        Assert.All(nics, nic => Assert.True(subnet.Contains(IPAddress.Parse(nic.Ip!)), $"{nic.Ip} outside {subnet}"));
        Assert.Equal(nics.Count, nics.Select(nic => nic.Ip).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(nics.Count, nics.Select(nic => nic.Mac).Distinct(StringComparer.Ordinal).Count());
        var pool = ClusterState.Of(config).PoolOf(network);
        Assert.Equal(network.ExternalReservations.Count + nics.Count, pool.ReservedCount);
    }
}
