using System.Text.Json;
using Tapyard.Bench.Xml;
using Tapyard.Core.Operations;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`bench xml` at a small size: the NIC mix and every figure in the JSON. Nothing about speed is asserted.</summary>
public sealed class BenchXmlCommandTests
{
    [Fact]
    public void Eight_nics_cover_every_mode_but_routed_with_vlans_and_bandwidth()
    {
        var nics = XmlBenchNics.Requests(8).Select(NicRequestParser.Parse).ToList();
        Assert.Equal(8, nics.Count);
        string all = string.Join(" ", XmlBenchNics.Requests(8));
        foreach (string part in new[] { "mvtap_mode=bridge", "mvtap_mode=vepa", "mvtap_mode=private", "mvtap_mode=passthru", "mode=bridged", "mode=openvswitch", "vlan=", "bw_in=", "bw_out=" })
            Assert.Contains(part, all);
        Assert.DoesNotContain("mode=routed", all);
    }

    [Fact]
    public void More_than_eight_nics_give_each_passthru_nic_its_own_link()
    {
        var passthru = XmlBenchNics.Requests(16).Where(r => r.Contains("passthru", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, passthru.Count);
        Assert.Contains("link=eth1", passthru[0]);
        Assert.Contains("link=eth2", passthru[1]);
    }

    [Fact]
    public void Small_run_prints_every_figure_in_json()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "tapyard.dll");

        var result = TapyardCli.Run("bench", "xml", "--iterations", "3", "--runs", "1", "--cli", cli, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var json = document.RootElement;
        Assert.Equal(8, json.GetProperty("nics").GetInt32());
        Assert.Equal($"dotnet {cli}", json.GetProperty("cli").GetString());
        Assert.True(json.GetProperty("xml_bytes").GetInt32() > 0);
        foreach (string key in new[] { "render.cold_ms", "render.warm_us_median", "cli.instance_xml.wall_ms_median", "cli.instance_xml.cpu_ms_median", "cli.help.wall_ms_median" })
            Assert.True(json.GetProperty(key).GetDouble() > 0, key);
        // libvirt-clients is a package the project installs (scripts/ensure-packages.sh): the reference must be there.
        Assert.True(json.GetProperty("virsh.error").ValueKind == JsonValueKind.Null, json.GetProperty("virsh.error").ToString());
        Assert.True(json.GetProperty("virsh.define_dumpxml.wall_ms_median").GetDouble() > 0);
        Assert.True(json.GetProperty("machine").GetProperty("cpus").GetInt32() > 0);
    }

    [Fact]
    public void Nics_out_of_range_is_a_usage_error()
    {
        var result = TapyardCli.Run("bench", "xml", "--nics", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--nics must be between 1 and", result.Error);
    }
}
