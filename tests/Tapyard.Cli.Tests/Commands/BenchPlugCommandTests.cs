using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Tests.Commands;

[Trait("Category", "Kernel")]
public sealed class BenchPlugCommandTests
{
    [Fact]
    public void Small_run_prints_every_figure_in_json_and_leaves_no_namespace()
    {
        Root.Require();

        var result = TapyardCli.Run("bench", "plug", "--count", "20", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var json = document.RootElement;
        Assert.Equal(20, json.GetProperty("count").GetInt32());
        Assert.True(json.GetProperty("queue_fds_opened").GetBoolean());
        string[] keys =
        [
            "tapyard.create_open_up.per_device_us", "tapyard.close_queues.per_device_us", "tapyard.teardown.per_device_us",
            "tapyard_one_by_one.create_open_up.per_device_us",
            "ip.create_open_up.per_device_us", "ip.teardown.per_device_us",
            "ip_add_then_up.create_open_up.per_device_us",
            "ip_batch.create_open_up.per_device_us", "ip_batch.teardown.per_device_us",
            "ratio.create_open_up.tapyard_over_ip_batch", "ratio.create_open_up.ip_over_tapyard", "ratio.teardown.ip_over_tapyard",
        ];
        foreach (string key in keys)
            Assert.True(json.TryGetProperty(key, out var value) && value.GetDouble() > 0, $"missing or not positive: {key}");
        Assert.Equal("mean", json.GetProperty("tapyard.create_open_up.statistic").GetString());
        Assert.Equal("median", json.GetProperty("ip.create_open_up.statistic").GetString());
        Assert.Equal(4, json.GetProperty("targets").GetArrayLength()); // 1.3x, 10x (against two references), 30x

        string ns = json.GetProperty("namespace").GetString()!;
        Assert.StartsWith("ty-bench-", ns);
        Assert.False(NetworkNamespace.Exists(ns), $"bench left namespace {ns} behind");
    }

    [Fact]
    public void Count_out_of_range_is_a_usage_error()
    {
        var result = TapyardCli.Run("bench", "plug", "--count", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--count must be between 1 and", result.Error);
    }
}
