using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`tapyard vif xml --vif FILE.json`: Nova's &lt;interface&gt; for each vif_type, and one-line errors.</summary>
public sealed class VifXmlCommandTests : IDisposable
{
    private const string Id = "7c1e5a4f-2b3d-4e8f-9a0b-1c2d3e4f5a6b";
    private readonly TempDirectory _dir = new("vif-xml");

    public void Dispose() => _dir.Dispose();

    private CliResult VifXml(string json, params string[] args)
    {
        string file = _dir.File($"vif-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return TapyardCli.Run(["vif", "xml", "--vif", file, .. args]);
    }

    private const string Macvtap = $$$"""
        {"id": "{{{Id}}}", "address": "fa:16:3e:11:22:33", "type": "macvtap", "devname": "tap7c1e5a4f-2b",
         "details": {"macvtap_source": "eth1.100", "macvtap_mode": "vepa", "physical_interface": "eth1", "vlan": "100"},
         "quota": {"vif_inbound_average": "1000", "vif_outbound_average": 500, "vif_outbound_burst": 64}}
        """;

    [Fact]
    public void Macvtap_vif_gives_a_direct_interface_that_validates()
    {
        var result = VifXml(Macvtap, "--queues", "4");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("""
            <interface type="direct">
              <mac address="fa:16:3e:11:22:33" />
              <source dev="eth1.100" mode="vepa" />
              <model type="virtio" />
            """, string.Join('\n', result.Output.Split('\n').Take(4)));
        Assert.Contains("<inbound average=\"1000\" />", result.Output);
        Assert.Contains("<outbound average=\"500\" burst=\"64\" />", result.Output);
        Assert.Contains("queues=\"4\"", result.Output);
        VirtXmlValidate.AssertValidInterface(result.Output);
    }

    [Theory]
    [InlineData("bridge", "\"network\": {\"bridge\": \"brq1\"}", "<source bridge=\"brq1\" />")]
    [InlineData("ovs", "\"network\": {\"bridge\": \"br-int\"}", "<parameters interfaceid=\"" + Id + "\" />")]
    [InlineData("tap", "\"devname\": \"tapX\"", "<target dev=\"tapX\" managed=\"no\" />")]
    public void Other_vif_types_validate(string type, string extra, string expected)
    {
        var result = VifXml($$$"""{"id": "{{{Id}}}", "address": "fa:16:3e:11:22:33", "type": "{{{type}}}", {{{extra}}}}""");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.Output);
        VirtXmlValidate.AssertValidInterface(result.Output);
    }

    [Fact]
    public void Missing_macvtap_details_are_one_line_naming_each_key()
    {
        var result = VifXml($$$"""{"id": "{{{Id}}}", "address": "fa:16:3e:11:22:33", "type": "macvtap", "details": {"physical_interface": "eth1"}}""");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal($"tapyard vif xml: VIF {Id} of type macvtap is missing the detail(s) macvtap_source, macvtap_mode; Neutron's macvtap agent sets them in binding:vif_details (Nova: VifDetailsMissingMacvtapParameters)\n", result.Error);
    }

    [Fact]
    public void Bad_usage_exits_2()
    {
        Assert.Equal(2, TapyardCli.Run("vif", "xml").ExitCode);
        var queues = VifXml(Macvtap, "--queues", "0");
        Assert.Equal(2, queues.ExitCode);
        Assert.Contains("--queues '0' is not a queue count; use 1..256", queues.Error);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var result = TapyardCli.Run("vif", "xml", "--vif", _dir.File("none.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"tapyard vif xml: cannot read VIF file {_dir.File("none.json")}", result.Error);
    }
}
