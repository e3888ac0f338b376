using System.Text.Json;
using Tapyard.Bench.Boot;
using Tapyard.Cli.Commands.Bench;
using Tapyard.Cli.Output;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`bench boot`'s pure pieces: medians and the JSON shape from given samples. Nothing is booted or timed.</summary>
public sealed class BenchBootCommandTests
{
    private static readonly BootReport Report = new(3, "tcg",
        [new(1, true, 0.30, 6.0), new(2, false, 0.10, 5.0), new(3, true, 0.20, 9.0)],
        [new(1, false, 0.50, 6.5), new(2, true, 0.70, 5.5), new(3, false, 0.40, 7.0)]);

    [Fact]
    public void Medians_are_per_driver()
    {
        Assert.Equal(0.20, BootReport.MedianStart(Report.Qemu), 6);
        Assert.Equal(6.0, BootReport.MedianFirstPing(Report.Qemu), 6);
        Assert.Equal(0.50, BootReport.MedianStart(Report.Libvirt), 6);
        Assert.Equal(6.5, BootReport.MedianFirstPing(Report.Libvirt), 6);
    }

    [Fact]
    public void Json_has_both_drivers_their_samples_the_difference_and_the_machine()
    {
        using var document = JsonDocument.Parse(JsonText.Serialize(BootReportJson.From(Report)));
        var json = document.RootElement;
        Assert.Equal(3, json.GetProperty("rounds").GetInt32());
        Assert.Equal("tcg", json.GetProperty("accelerator").GetString());
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("machine").GetProperty("cpus").GetInt32());
        Assert.Equal(0.2, json.GetProperty("qemu").GetProperty("start_s_median").GetDouble(), 6);
        Assert.Equal(6.5, json.GetProperty("libvirt").GetProperty("first_ping_s_median").GetDouble(), 6);
        Assert.Equal(0.3, json.GetProperty("libvirt_minus_qemu").GetProperty("start_s").GetDouble(), 6);
        Assert.Equal(0.5, json.GetProperty("libvirt_minus_qemu").GetProperty("first_ping_s").GetDouble(), 6);
        var first = json.GetProperty("libvirt").GetProperty("samples")[1];
        Assert.Equal(2, first.GetProperty("round").GetInt32());
        Assert.True(first.GetProperty("went_first").GetBoolean());
        Assert.Equal(0.7, first.GetProperty("start_s").GetDouble(), 6);
        Assert.Equal(3, json.GetProperty("qemu").GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public void Rounds_out_of_range_is_a_usage_error()
    {
        var result = TapyardCli.Run("bench", "boot", "--rounds", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--rounds must be between 1 and", result.Error);
    }
}
