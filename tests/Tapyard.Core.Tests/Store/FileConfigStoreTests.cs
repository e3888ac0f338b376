using System.Text;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Store;
using Tapyard.Core.Tests.Support;

namespace Tapyard.Core.Tests.Store;

public sealed class FileConfigStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("store");

    public void Dispose() => _dir.Dispose();

    private string ConfigPath => _dir.File(FileConfigStore.FileName);

    [Fact]
    public void Nothing_stored_loads_as_null_at_revision_zero_and_creates_nothing()
    {
        string missing = Path.Combine(_dir.Path, "not", "yet");
        var loaded = new FileConfigStore(missing).Load();
        Assert.Null(loaded.Config);
        Assert.Equal(0, loaded.Revision);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Round_trip_keeps_every_object_kind_and_field()
    {
        var original = SampleConfigs.EveryKind();
        var store = new FileConfigStore(_dir.Path);
        Assert.Equal(1, store.TryCommit(original, 0));

        var (loaded, revision) = new FileConfigStore(_dir.Path).Load();
        Assert.NotNull(loaded);
        Assert.Equal(1, revision);
        Assert.Equal(1, loaded.Serial);
        Assert.Equal(ConfigDocument.Serialize(original), ConfigDocument.Serialize(loaded));

        Assert.Equal(NicMode.Macvtap, loaded.Cluster.DefaultLinks.Keys.Single(mode => loaded.Cluster.DefaultLinks[mode] == "eth0"));
        Assert.Equal(new NicParams { Mode = NicMode.Bridged, Link = "br0" }, loaded.Cluster.DefaultNicParams);
        var group = loaded.Groups["vtap_group"];
        var network = loaded.Networks["vtap-net"];
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Bridge }, group.Networks[network.Uuid]);
        Assert.Equal(original.Networks["vtap-net"].Uuid, network.Uuid);
        Assert.Equal(3, network.Serial);
        Assert.Equal(["192.0.2.0", "192.0.2.1", "192.0.2.15"], network.ExternalReservations);
        Assert.Equal("2001:db8::1", network.Gateway6);
        Assert.Equal("lab-node1", loaded.Nodes["node1"].Netns);
        Assert.Null(loaded.Nodes["node2"].Netns);
        var web = loaded.Instances["web1"];
        Assert.Equal(InstanceState.Running, web.State);
        Assert.Equal(1024, web.MemoryMiB);
        Assert.Equal(5, web.Nics.Count);
        Assert.Equal(network.Uuid, web.Nics[0].NetworkUuid);
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, MvtapMode = MvtapMode.Vepa, Vlan = 4094 }, web.Nics[2].Params);
        Assert.Null(web.Nics[1].Ip);
        Assert.Equal(InstanceState.Error, loaded.Instances["db1"].State);
    }

    [Fact]
    public void File_is_indented_json_with_schema_first_lower_case_enums_and_names_sorted()
    {
        var config = SampleConfigs.EveryKind();
        new FileConfigStore(_dir.Path).TryCommit(config, 0);
        string text = File.ReadAllText(ConfigPath);

        Assert.StartsWith("{\n  \"schemaVersion\": 1,\n  \"serial\": 1,\n  \"cluster\": {", text);
        foreach (string value in new[] { "\"macvtap\"", "\"openvswitch\"", "\"bridged\"", "\"routed\"", "\"passthru\"", "\"vepa\"", "\"private\"", "\"bridge\"", "\"running\"", "\"error\"" })
            Assert.Contains(value, text);
        Assert.Contains("\"openvswitch\": \"br-int\"", text); // an enum as a dictionary key
        Assert.DoesNotContain("\"ip\": null", text);
        Assert.True(text.IndexOf("\"db1\"", StringComparison.Ordinal) < text.IndexOf("\"web1\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"default\": {", StringComparison.Ordinal) < text.IndexOf("\"vtap_group\": {", StringComparison.Ordinal));
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void Same_config_gives_the_same_bytes()
    {
        var config = SampleConfigs.EveryKind();
        var store = new FileConfigStore(_dir.Path);
        store.TryCommit(config, 0);
        byte[] first = File.ReadAllBytes(ConfigPath);
        var (loaded, revision) = store.Load();
        loaded!.Serial = 0;
        store.TryCommit(loaded, revision);
        byte[] second = File.ReadAllBytes(ConfigPath);
        string expected = Encoding.UTF8.GetString(first);
        int configSerial = expected.IndexOf("\"serial\": 1,", StringComparison.Ordinal);
        expected = expected[..configSerial] + "\"serial\": 2," + expected[(configSerial + "\"serial\": 1,".Length)..];
        Assert.Equal(expected, Encoding.UTF8.GetString(second));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Missing_state_directory_is_created_owner_only()
    {
        string nested = Path.Combine(_dir.Path, "deep", "state");
        var store = new FileConfigStore(nested);
        Assert.Equal(1, store.TryCommit(SampleConfigs.Minimal(), 0));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(nested, FileConfigStore.FileName)));
        Assert.True(File.Exists(Path.Combine(nested, FileConfigStore.LockFileName)));
    }

    [Fact]
    public void Commit_sets_the_serial_to_the_new_revision()
    {
        var store = new FileConfigStore(_dir.Path);
        var config = SampleConfigs.Minimal();
        Assert.Equal(1, store.TryCommit(config, 0));
        Assert.Equal(1, config.Serial);
        Assert.Equal(2, store.TryCommit(config, 1));
        Assert.Equal(2, config.Serial);
        Assert.Equal(2, store.Load().Revision);
    }

    [Fact]
    public void Conflicting_commit_returns_null_and_keeps_the_other_writers_data()
    {
        var first = new FileConfigStore(_dir.Path);
        first.TryCommit(SampleConfigs.Minimal(), 0);

        var mine = new FileConfigStore(_dir.Path).Load();
        var theirs = new FileConfigStore(_dir.Path).Load();
        theirs.Config!.Cluster.MacPrefix = "aa:bb:cc";
        Assert.Equal(2, new FileConfigStore(_dir.Path).TryCommit(theirs.Config, theirs.Revision));

        byte[] before = File.ReadAllBytes(ConfigPath);
        mine.Config!.Cluster.Name = "lost";
        Assert.Null(new FileConfigStore(_dir.Path).TryCommit(mine.Config, mine.Revision));
        Assert.Equal(1, mine.Config.Serial); // untouched by the refused commit
        Assert.Equal(before, File.ReadAllBytes(ConfigPath));

        var stored = first.Load().Config!;
        Assert.Equal("aa:bb:cc", stored.Cluster.MacPrefix);
        Assert.Equal("lab", stored.Cluster.Name);
    }

    [Fact]
    public void First_commit_conflicts_when_someone_initialized_first()
    {
        new FileConfigStore(_dir.Path).TryCommit(SampleConfigs.Minimal("theirs"), 0);
        Assert.Null(new FileConfigStore(_dir.Path).TryCommit(SampleConfigs.Minimal("mine"), 0));
        Assert.Equal("theirs", new FileConfigStore(_dir.Path).Load().Config!.Cluster.Name);
    }

    [Fact]
    public void Commit_notices_a_file_replaced_behind_its_back()
    {
        var store = new FileConfigStore(_dir.Path);
        store.TryCommit(SampleConfigs.Minimal(), 0);
        var (config, revision) = store.Load();
        // Another writer (a human restoring a backup with a higher serial) replaces the file.
        var replacement = SampleConfigs.Minimal("restored");
        replacement.Serial = 7;
        File.WriteAllBytes(ConfigPath, ConfigDocument.Serialize(replacement));

        Assert.Null(store.TryCommit(config!, revision));
        Assert.Equal(8, store.TryCommit(store.Load().Config!, 7));
    }

    [Fact]
    public void Temp_file_leftovers_are_ignored_on_load_and_removed_by_the_next_commit()
    {
        var store = new FileConfigStore(_dir.Path);
        store.TryCommit(SampleConfigs.Minimal(), 0);
        string[] leftovers =
        [
            _dir.File(FileConfigStore.TempPrefix + "4242.0badf00d"),
            _dir.File(FileConfigStore.TempPrefix + "17.deadbeef"),
        ];
        File.WriteAllText(leftovers[0], "{\"schemaVersion\": 1, \"ser");
        File.WriteAllText(leftovers[1], "");

        var (config, revision) = new FileConfigStore(_dir.Path).Load();
        Assert.Equal("lab", config!.Cluster.Name);
        Assert.Equal(2, store.TryCommit(config, revision));
        Assert.All(leftovers, leftover => Assert.False(File.Exists(leftover)));
        Assert.Equal([FileConfigStore.FileName, FileConfigStore.LockFileName],
            Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_commit_waits_for_the_writers_lock_and_times_out_with_a_clear_error()
    {
        var holder = new FileConfigStore(_dir.Path);
        holder.TryCommit(SampleConfigs.Minimal(), 0);
        var impatient = new FileConfigStore(_dir.Path, TimeSpan.FromMilliseconds(200));
        byte[] before = File.ReadAllBytes(ConfigPath);
        using (holder.LockWriters())
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<ConfigStoreException>(() => impatient.TryCommit(SampleConfigs.Minimal("other"), 1));
            Assert.True(started.ElapsedMilliseconds >= 190, $"gave up after {started.ElapsedMilliseconds} ms");
            Assert.Equal($"config {ConfigPath} is locked by another process for more than 0.2 s; retry, or find the holder with `fuser {_dir.File(FileConfigStore.LockFileName)}`", e.Message);
            // The holder itself re-enters its own lock.
            var (config, revision) = holder.Load();
            Assert.Equal(2, holder.TryCommit(config!, revision));
        }
        Assert.NotEqual(before, File.ReadAllBytes(ConfigPath));
        Assert.Equal(3, impatient.TryCommit(impatient.Load().Config!, 2));
    }

    [Fact]
    public void Writers_lock_is_released_after_use()
    {
        var first = new FileConfigStore(_dir.Path, TimeSpan.FromMilliseconds(100));
        var second = new FileConfigStore(_dir.Path, TimeSpan.FromMilliseconds(100));
        using (first.LockWriters())
        using (first.LockWriters())
        {
        }
        using (second.LockWriters())
        {
        }
        using (first.LockWriters())
        {
        }
    }

    [Fact]
    public void Unwritable_state_directory_is_refused_naming_it()
    {
        string blocker = _dir.File("a-file");
        File.WriteAllText(blocker, "");
        var store = new FileConfigStore(Path.Combine(blocker, "state"));
        var e = Assert.Throws<ConfigStoreException>(() => store.TryCommit(SampleConfigs.Minimal(), 0));
        Assert.StartsWith($"cannot create state directory {Path.Combine(blocker, "state")}:", e.Message);
    }
}
