using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Core.Tests.Support;

namespace Tapyard.Core.Tests.Store;

public sealed class ConfigTransactionTests : IDisposable
{
    private readonly TempDirectory _dir = new("txn");

    public void Dispose() => _dir.Dispose();

    private string ConfigPath => _dir.File(FileConfigStore.FileName);

    [Fact]
    public void Update_applies_the_change_and_commits_it()
    {
        var store = new FileConfigStore(_dir.Path);
        ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal());
        string result = ConfigTransaction.Update(store, config =>
        {
            config.Cluster.MacPrefix = "aa:bb:cc";
            return "done";
        });
        Assert.Equal("done", result);
        var (stored, revision) = new FileConfigStore(_dir.Path).Load();
        Assert.Equal("aa:bb:cc", stored!.Cluster.MacPrefix);
        Assert.Equal(2, revision);
    }

    [Fact]
    public void A_change_that_throws_commits_nothing()
    {
        var store = new FileConfigStore(_dir.Path);
        ConfigTransaction.Initialize(store, () => SampleConfigs.EveryKind());
        byte[] before = File.ReadAllBytes(ConfigPath);

        var e = Assert.Throws<TapyardException>(() => ConfigTransaction.Update(store, config =>
        {
            config.Instances.Clear();
            throw new TapyardException("network x does not exist");
        }));
        Assert.Equal("network x does not exist", e.Message);
        Assert.Equal(before, File.ReadAllBytes(ConfigPath));
        Assert.Equal(2, store.Load().Config!.Instances.Count);
    }

    [Fact]
    public void A_change_that_changes_nothing_writes_nothing()
    {
        var store = new FileConfigStore(_dir.Path);
        ConfigTransaction.Initialize(store, () => SampleConfigs.EveryKind());
        byte[] before = File.ReadAllBytes(ConfigPath);
        var written = File.GetLastWriteTimeUtc(ConfigPath);
        ConfigTransaction.Update(store, config => config.Cluster.MacPrefix = config.Cluster.MacPrefix);
        Assert.Equal(before, File.ReadAllBytes(ConfigPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(ConfigPath));
        Assert.Equal(1, new FileConfigStore(_dir.Path).Load().Revision);
    }

    [Fact]
    public void Failing_writes_leave_no_state_directory_behind()
    {
        string missing = Path.Combine(_dir.Path, "missing");
        var store = new FileConfigStore(missing);
        Assert.Throws<ClusterNotInitializedException>(() => ConfigTransaction.Update(store, _ => { }));
        Assert.Throws<TapyardException>(() => ConfigTransaction.Initialize(store, () => throw new TapyardException("bad MAC prefix")));
        Assert.False(Directory.Exists(missing));
        ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal());
        Assert.True(File.Exists(Path.Combine(missing, "config.json")));
    }

    [Fact]
    public void Changes_need_an_initialized_cluster()
    {
        var store = new FileConfigStore(_dir.Path);
        string expected = $"cluster not initialized (no {ConfigPath}); run tapyard cluster init";
        Assert.Equal(expected, Assert.Throws<ClusterNotInitializedException>(() => ConfigTransaction.Update(store, _ => { })).Message);
        Assert.Equal(expected, Assert.Throws<ClusterNotInitializedException>(() => ConfigTransaction.LoadExisting(store)).Message);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public void Initialize_twice_is_refused_and_keeps_the_first()
    {
        var store = new FileConfigStore(_dir.Path);
        var first = ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal("first"));
        Assert.Equal(1, first.Serial);
        bool created = false;
        var e = Assert.Throws<ClusterAlreadyInitializedException>(() => ConfigTransaction.Initialize(store, () =>
        {
            created = true;
            return SampleConfigs.Minimal("second");
        }));
        Assert.False(created);
        Assert.StartsWith($"cluster already initialized in {ConfigPath};", e.Message);
        Assert.Equal("first", ConfigTransaction.LoadExisting(store).Cluster.Name);
    }

    [Fact]
    public void Conflict_reapplies_the_change_on_the_other_writers_config()
    {
        // The in-memory store takes no writers' lock (as etcd), so a commit can slip in between.
        var store = new InMemoryConfigStore();
        ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal());
        int calls = 0;
        ConfigTransaction.Update(store, config =>
        {
            if (++calls == 1)
            {
                var (other, revision) = store.Load();
                other!.Nodes["theirs"] = new Node { Name = "theirs", GroupUuid = Guid.NewGuid() };
                Assert.NotNull(store.TryCommit(other, revision));
            }
            config.Nodes["mine"] = new Node { Name = "mine", GroupUuid = Guid.NewGuid() };
        });
        Assert.Equal(2, calls);
        var (stored, storedRevision) = store.Load();
        Assert.Equal(["mine", "theirs"], stored!.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, storedRevision);
    }

    [Fact]
    public void Endless_conflicts_give_up_with_a_clear_error()
    {
        var store = new InMemoryConfigStore();
        ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal());
        int calls = 0;
        var e = Assert.Throws<ConfigStoreException>(() => ConfigTransaction.Update(store, config =>
        {
            calls++;
            var (other, revision) = store.Load();
            store.TryCommit(other!, revision);
            config.Cluster.MacPrefix = "aa:bb:cc";   // a real change: one that changes nothing commits nothing
        }));
        Assert.Equal(ConfigTransaction.MaxAttempts, calls);
        Assert.Equal($"config memory was changed by other writers {ConfigTransaction.MaxAttempts} times while this change was being applied; retry the command", e.Message);
    }

    [Fact]
    public void Concurrent_threads_with_their_own_stores_lose_nothing()
    {
        var setup = new FileConfigStore(_dir.Path);
        ConfigTransaction.Initialize(setup, () => SampleConfigs.Minimal());
        const int Threads = 4, Each = 25;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            var store = new FileConfigStore(_dir.Path);
            for (int i = 0; i < Each; i++)
            {
                string name = $"node-{thread}-{i}";
                ConfigTransaction.Update(store, config => config.Nodes[name] = new Node { Name = name, GroupUuid = Guid.NewGuid() });
            }
        });
        var (stored, revision) = setup.Load();
        Assert.Equal(Threads * Each, stored!.Nodes.Count);
        Assert.Equal(1 + Threads * Each, revision);
    }

    [Fact]
    public void One_store_shared_by_threads_loses_nothing()
    {
        var store = new FileConfigStore(_dir.Path);
        ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal());
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            string name = $"node-{i}";
            ConfigTransaction.Update(store, config => config.Nodes[name] = new Node { Name = name, GroupUuid = Guid.NewGuid() });
        });
        Assert.Equal(40, store.Load().Config!.Nodes.Count);
    }
}
