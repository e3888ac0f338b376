using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`bench config` at a small size: every figure is there and positive. Nothing about speed is asserted.</summary>
public sealed class BenchConfigCommandTests
{
    [Fact]
    public void Small_run_prints_every_figure_in_json()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "tapyard.dll");

        var result = TapyardCli.Run("bench", "config", "--instances", "40", "--allocations", "1000", "--runs", "1", "--cli", cli, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var json = document.RootElement;
        Assert.Equal(40, json.GetProperty("instances").GetInt32());
        Assert.Equal(1000, json.GetProperty("allocations").GetInt32());
        Assert.True(json.GetProperty("config_bytes").GetInt64() > 0);
        Assert.Equal($"dotnet {cli}", json.GetProperty("cli").GetString());
        string[] keys =
        [
            "instance_add.model", "instance_add.committed", "load.warm", "state.warm",
            "cli.network_info", "cli.network_info.cpu", "cli.network_list", "cli.network_list.cpu",
            "cli.instance_list", "cli.instance_list.cpu", "cli.help", "cli.group_list",
            "network_add_8.committed", "pool_build_8", "allocate_8.total", "allocate_8.per_address", "allocate_16.per_address",
        ];
        foreach (string key in keys)
            Assert.True(json.TryGetProperty($"{key}.value", out var value) && value.GetDouble() >= 0, $"missing: {key}");
        Assert.Equal(0, json.GetProperty("unavailable").GetArrayLength());
        var targets = json.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("target").GetString()).ToList();
        Assert.Equal(["cli.network_info", "allocate.8_over_16"], targets);
    }

    [Fact]
    public void Instances_out_of_range_is_a_usage_error()
    {
        var result = TapyardCli.Run("bench", "config", "--instances", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--instances must be between 1 and", result.Error);
    }
}
