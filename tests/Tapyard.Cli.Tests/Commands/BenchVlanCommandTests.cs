using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`bench vlan` at a small size: every figure in the JSON and nothing left behind. Nothing about speed is asserted.</summary>
[Trait("Category", "Kernel")]
public sealed class BenchVlanCommandTests
{
    [Fact]
    public void Small_run_prints_every_figure_in_json_and_leaves_no_namespace()
    {
        Root.Require();
        var before = Ip.Run("netns", "list");

        var result = TapyardCli.Run("bench", "vlan", "--seconds", "1", "--rounds", "1", "--echoes", "50", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var json = document.RootElement;
        foreach (string key in new[] { "untagged_mbit_s", "vlan_mbit_s", "throughput_ratio", "untagged_rtt_us", "vlan_rtt_us", "rtt_ratio",
                     "sub_interface_create_ms", "sub_interface_delete_ms" })
            Assert.True(json.TryGetProperty(key, out var value) && value.GetDouble() > 0, $"missing or not positive: {key}");
        Assert.Equal((1, 1, 50), (json.GetProperty("seconds").GetInt32(), json.GetProperty("rounds").GetInt32(), json.GetProperty("echoes").GetInt32()));
        var left = Ip.Run("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Except(before.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(left, line => line.Contains("ty-bvl-", StringComparison.Ordinal));
        Assert.Contains("bench vlan: namespaces ty-bvl-near-", result.Error);
    }

    [Fact]
    public void Seconds_out_of_range_is_a_usage_error()
    {
        var result = TapyardCli.Run("bench", "vlan", "--seconds", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--seconds", result.Error);
    }
}
