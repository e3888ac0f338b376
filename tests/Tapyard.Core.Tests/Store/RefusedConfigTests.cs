using System.Text;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Core.Tests.Support;

namespace Tapyard.Core.Tests.Store;

/// <summary>A config file this build cannot take over whole is refused by every path, and its bytes never change.</summary>
public sealed class RefusedConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new("refused");

    public void Dispose() => _dir.Dispose();

    private string ConfigPath => _dir.File(FileConfigStore.FileName);

    public static TheoryData<string, string> BadFiles()
    {
        string valid = Encoding.UTF8.GetString(ConfigDocument.Serialize(WithSerial(SampleConfigs.EveryKind(), 5)));
        return new TheoryData<string, string>
        {
            { "empty", "" },
            { "whitespace", " \n\n" },
            { "garbage", "this is not json" },
            { "truncated", valid[..(valid.Length / 2)] },
            { "truncated just before the end", valid[..^3] },
            { "trailing garbage", valid + "}" },
            { "null", "null" },
            { "array", "[1, 2]" },
            { "no schema version", "{\"serial\": 3, \"cluster\": {\"name\": \"x\", \"macPrefix\": \"aa:00:00\"}}" },
            { "bad schema version", valid.Replace("\"schemaVersion\": 1", "\"schemaVersion\": \"one\"", StringComparison.Ordinal) },
            { "serial zero", valid.Replace("\"serial\": 5", "\"serial\": 0", StringComparison.Ordinal) },
            { "unknown property", valid.Replace("\"serial\": 5,", "\"serial\": 5, \"surprise\": true,", StringComparison.Ordinal) },
            { "unknown enum value", valid.Replace("\"running\"", "\"sleeping\"", StringComparison.Ordinal) },
            { "enum as number", valid.Replace("\"running\"", "1", StringComparison.Ordinal) },
            { "missing required name", valid.Replace("\"name\": \"db1\",", "", StringComparison.Ordinal) },
            { "duplicate instance", valid.Replace("\"web1\": {", "\"db1\": {", StringComparison.Ordinal) },
            { "key and name disagree", valid.Replace("\"name\": \"web1\"", "\"name\": \"web2\"", StringComparison.Ordinal) },
            { "schema version repeated", valid.Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"schemaVersion\": 7,", StringComparison.Ordinal) },
            { "instances repeated", valid.Replace("\"serial\": 5,", "\"serial\": 5, \"instances\": {},", StringComparison.Ordinal) },
            { "bad uuid", valid.Replace("\"uuid\": \"", "\"uuid\": \"x", StringComparison.Ordinal) },
        };
    }

    private static ClusterConfig WithSerial(ClusterConfig config, long serial)
    {
        config.Serial = serial;
        return config;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_file_is_refused_naming_it_and_left_untouched(string kind, string content)
    {
        File.WriteAllText(ConfigPath, content);
        byte[] before = File.ReadAllBytes(ConfigPath);
        var store = new FileConfigStore(_dir.Path);

        var load = Assert.Throws<ConfigStoreException>(() => store.Load());
        Assert.StartsWith($"config {ConfigPath} ", load.Message);
        Assert.EndsWith("it is left untouched: restore it from a backup or fix it by hand", load.Message);

        for (long expected = 0; expected <= 6; expected++)
        {
            long attempt = expected;
            var commit = Assert.Throws<ConfigStoreException>(() => store.TryCommit(SampleConfigs.Minimal(), attempt));
            Assert.Equal(load.Message, commit.Message);
        }
        Assert.Throws<ConfigStoreException>(() => ConfigTransaction.Update(store, config => config.Cluster.Name = "changed"));
        Assert.Throws<ConfigStoreException>(() => ConfigTransaction.Initialize(store, () => SampleConfigs.Minimal()));

        Assert.Equal(before, File.ReadAllBytes(ConfigPath));
        Assert.Equal([FileConfigStore.FileName, FileConfigStore.LockFileName],
            Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.NotNull(kind);
    }

    [Fact]
    public void A_repeated_schema_version_is_refused_naming_it()
    {
        string valid = Encoding.UTF8.GetString(ConfigDocument.Serialize(WithSerial(SampleConfigs.EveryKind(), 5)));
        File.WriteAllText(ConfigPath, valid.Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"schemaVersion\": 7,", StringComparison.Ordinal));
        var e = Assert.Throws<ConfigStoreException>(() => new FileConfigStore(_dir.Path).Load());
        Assert.StartsWith($"config {ConfigPath} has schemaVersion twice (again at line 2, byte ", e.Message);
    }

    [Fact]
    public void Corrupt_file_error_names_the_position()
    {
        File.WriteAllText(ConfigPath, "{\n  \"schemaVersion\": 1,\n  \"serial\": 3,\n  \"cluster\": {\n    \"name\": \"lab\",,\n");
        var e = Assert.Throws<ConfigStoreException>(() => new FileConfigStore(_dir.Path).Load());
        Assert.StartsWith($"config {ConfigPath} is corrupt at line 5, byte ", e.Message);
    }

    [Fact]
    public void Truncated_file_error_names_the_position()
    {
        string valid = Encoding.UTF8.GetString(ConfigDocument.Serialize(WithSerial(SampleConfigs.EveryKind(), 2)));
        File.WriteAllText(ConfigPath, valid[..200]);
        var e = Assert.Throws<ConfigStoreException>(() => new FileConfigStore(_dir.Path).Load());
        Assert.Matches($"^config {ConfigPath} is corrupt at line [0-9]+, byte [0-9]+ \\(.+\\); it is left untouched", e.Message);
    }

    [Fact]
    public void Empty_file_says_so()
    {
        File.WriteAllText(ConfigPath, "");
        var e = Assert.Throws<ConfigStoreException>(() => new FileConfigStore(_dir.Path).Load());
        Assert.Equal($"config {ConfigPath} is empty; it is left untouched: restore it from a backup or fix it by hand", e.Message);
    }

    [Fact]
    public void Newer_schema_is_refused_with_the_upgrade_hint_even_when_its_body_is_unknown()
    {
        // A newer Tapyard may have reshaped everything; only the version is read.
        string newer = "{\n  \"schemaVersion\": 2,\n  \"serial\": 9,\n  \"clusters\": [\"a new shape\"]\n}\n";
        File.WriteAllText(ConfigPath, newer);
        var store = new FileConfigStore(_dir.Path);
        string expected = $"config {ConfigPath} was written by a newer Tapyard (schema 2; this one reads {ClusterConfig.CurrentSchemaVersion}); upgrade Tapyard";

        Assert.Equal(expected, Assert.Throws<ConfigStoreException>(() => store.Load()).Message);
        Assert.Equal(expected, Assert.Throws<ConfigStoreException>(() => store.TryCommit(SampleConfigs.Minimal(), 9)).Message);
        Assert.Equal(expected, Assert.Throws<ConfigStoreException>(() => store.TryCommit(SampleConfigs.Minimal(), 0)).Message);
        Assert.Equal(newer, File.ReadAllText(ConfigPath));
    }

    [Fact]
    public void Newer_schema_is_found_wherever_the_version_stands()
    {
        File.WriteAllText(ConfigPath, "{\"serial\": 9, \"cluster\": {\"nested\": {\"schemaVersion\": 1}}, \"schemaVersion\": 3}");
        var e = Assert.Throws<ConfigStoreException>(() => new FileConfigStore(_dir.Path).Load());
        Assert.Contains("written by a newer Tapyard (schema 3;", e.Message);
    }

    [Fact]
    public void A_store_that_loaded_a_good_file_still_refuses_to_overwrite_it_once_corrupted()
    {
        var store = new FileConfigStore(_dir.Path);
        store.TryCommit(SampleConfigs.Minimal(), 0);
        var (config, revision) = store.Load();
        File.WriteAllText(ConfigPath, "{\"schemaVersion\": 1, \"serial\": 1, \"cluster\": ");
        byte[] before = File.ReadAllBytes(ConfigPath);

        Assert.Throws<ConfigStoreException>(() => store.TryCommit(config!, revision));
        Assert.Equal(before, File.ReadAllBytes(ConfigPath));
    }
}
