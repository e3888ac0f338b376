using System.Xml.Linq;
using Tapyard.Cli.Tests.Support;
using Tapyard.Node;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`tapyard instance xml` on a config with every NIC mode; records planted as a plug writes them.</summary>
public sealed class InstanceXmlCommandTests : IDisposable
{
    private readonly TempStateDirectory _state = new();
    private readonly string _run;

    public InstanceXmlCommandTests()
    {
        _run = Path.Combine(_state.Path, "run");
        foreach (string[] step in new string[][]
        {
            ["cluster", "init", "-N", "mode=bridged,link=br0"],
            ["group", "add", "g1"],
            ["node", "add", "--group", "g1", "n1"],
            ["network", "add", "--network", "192.0.2.0/28", "net1"],
            ["network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=passthru,bw_in=1000:2000:64", "net1", "g1"],
            ["instance", "add", "--node", "n1", "--vcpus", "2",
                "--net", "0:network=net1,ip=pool",
                "--net", "1:mode=openvswitch,link=br-int,vlan=42,bw_out=500",
                "--net", "2:mode=bridged,link=br0",
                "--net", "3:mode=macvtap,link=eth1,vlan=100,mvtap_mode=private", "web1"],
            ["instance", "add", "--node", "n1", "--net", "0:mode=routed,link=eth0", "r1"],
        })
            Assert.True(Tapyard(step).ExitCode == 0, $"{string.Join(' ', step)}\n{Tapyard(step)}");
    }

    public void Dispose() => _state.Dispose();

    private CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", _state.Path, .. args]);

    private CliResult Xml(params string[] args) =>
        Tapyard(["instance", "xml", "--run-dir", _run, "--domain-type", "qemu", .. args]);

    [Fact]
    public void Prints_a_valid_domain_with_every_mode()
    {
        var result = Xml("web1", "--kernel", "/img/vmlinuz", "--initrd", "/img/initrd.gz");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        VirtXmlValidate.AssertValidDomain(result.Output);

        var domain = XElement.Parse(result.Output);
        Assert.Equal("web1", domain.Element("name")!.Value);
        Assert.Equal("/img/vmlinuz", domain.Element("os")!.Element("kernel")!.Value);
        Assert.Equal("console=ttyS0", domain.Element("os")!.Element("cmdline")!.Value);
        Assert.Equal(Path.Combine(_run, "consoles", "web1.sock"), domain.Element("devices")!.Element("serial")!.Element("source")!.Attribute("path")!.Value);
        var nics = domain.Element("devices")!.Elements("interface").ToList();
        Assert.Equal(["direct", "bridge", "bridge", "direct"], nics.Select(n => n.Attribute("type")!.Value));
        Assert.Equal("eth0 passthrough", Source(nics[0]));
        Assert.Equal("1000 2000 64", string.Join(' ', nics[0].Element("bandwidth")!.Element("inbound")!.Attributes().Select(a => a.Value)));
        Assert.Equal("openvswitch", nics[1].Element("virtualport")!.Attribute("type")!.Value);
        Assert.Equal("42", nics[1].Element("vlan")!.Element("tag")!.Attribute("id")!.Value);
        Assert.Equal("500", nics[1].Element("bandwidth")!.Element("outbound")!.Attribute("average")!.Value);
        Assert.Null(nics[2].Element("vlan"));
        Assert.Equal("eth1.100 private", Source(nics[3]));
        Assert.All(nics, n => Assert.Equal("2", n.Element("driver")!.Attribute("queues")!.Value));
    }

    private static string Source(XElement nic) => $"{nic.Element("source")!.Attribute("dev")!.Value} {nic.Element("source")!.Attribute("mode")!.Value}";

    [Fact]
    public void Prepared_devices_of_an_instance_not_plugged_is_one_error_line()
    {
        var result = Xml("web1", "--prepared-devices");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("tapyard instance xml: instance web1 has no plugged devices on node n1; start it or omit --prepared-devices\n", result.Error);
    }

    [Fact]
    public void Prepared_devices_name_the_plugged_devices()
    {
        var uuids = NicUuids("web1");
        var records = new NicRecords(_run, "n1");
        for (int i = 0; i < uuids.Count; i++)
            records.Write(Record("web1", InstanceUuid("web1"), i, uuids[i], $"vtap{i}"));

        var result = Xml("web1", "--prepared-devices");
        Assert.True(result.ExitCode == 0, result.ToString());
        VirtXmlValidate.AssertValidDomain(result.Output);
        var nics = XElement.Parse(result.Output).Element("devices")!.Elements("interface").ToList();
        Assert.All(nics, n => Assert.Equal("ethernet", n.Attribute("type")!.Value));
        Assert.DoesNotContain("<bandwidth>", result.Output);   // Tapyard shapes its own devices
        Assert.Equal(["vtap0 no", "vtap1 no", "vtap2 no", "vtap3 no"],
            nics.Select(n => $"{n.Element("target")!.Attribute("dev")!.Value} {n.Element("target")!.Attribute("managed")!.Value}"));
    }

    [Fact]
    public void Bridged_with_vlan_needs_prepared_devices()
    {
        Assert.True(Tapyard("instance", "add", "--node", "n1", "--net", "0:mode=bridged,link=br0,vlan=7", "bv1").ExitCode == 0);
        var refused = Xml("bv1");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("tapyard instance xml: NIC 0 of instance bv1 is bridged with vlan 7: libvirt refuses a VLAN tag on a Linux bridge port; use --prepared-devices (Tapyard plugs the tap with its VLAN) or mode=openvswitch\n", refused.Error);
    }

    [Fact]
    public void Routed_needs_its_plugged_tap()
    {
        var refused = Xml("r1");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("tapyard instance xml: NIC 0 of instance r1 has no plugged device on node n1; a routed NIC's tap", refused.Error);

        new NicRecords(_run, "n1").Write(Record("r1", InstanceUuid("r1"), 0, NicUuids("r1")[0], "tyr0"));
        var result = Xml("r1");
        Assert.True(result.ExitCode == 0, result.ToString());
        VirtXmlValidate.AssertValidDomain(result.Output);
        Assert.Contains("<target dev=\"tyr0\" managed=\"no\" />", result.Output);
    }

    [Fact]
    public void Unknown_instance_and_bad_options_are_refused()
    {
        Assert.Equal(1, Xml("nope").ExitCode);
        var badType = Tapyard("instance", "xml", "--run-dir", _run, "--domain-type", "xen", "web1");
        Assert.Equal(1, badType.ExitCode);
        Assert.Equal("tapyard instance xml: unknown domain type 'xen'; use kvm or qemu\n", badType.Error);
        var initrdOnly = Xml("web1", "--initrd", "/img/initrd.gz");
        Assert.Equal("tapyard instance xml: an initrd or kernel command line needs a kernel; give --kernel PATH\n", initrdOnly.Error);
    }

    [Fact]
    public void Instance_info_shows_bandwidth_when_set()
    {
        var info = Tapyard("instance", "info", "web1");
        Assert.Contains("      bw_in: 1000:2000:64\n", info.Output);
        Assert.Contains("      bw_out: 500\n", info.Output);
        var json = Tapyard("instance", "info", "web1", "--output", "json");
        Assert.Contains("\"bw_in\": \"1000:2000:64\"", json.Output);
        Assert.DoesNotContain("bw_", Tapyard("instance", "info", "r1").Output);
    }

    [Fact]
    public void Bad_bandwidth_is_refused_when_the_nic_is_added()
    {
        var result = Tapyard("instance", "add", "--node", "n1", "--net", "0:mode=bridged,link=br0,bw_in=100:50", "bad1");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bw_in '100:50': the peak (50) is below the average (100); use bw_in=AVERAGE[:PEAK[:BURST]]", result.Error);
    }

    private List<Guid> NicUuids(string instance)
    {
        var info = Tapyard("instance", "info", instance, "--output", "json");
        using var json = System.Text.Json.JsonDocument.Parse(info.Output);
        return json.RootElement[0].GetProperty("nics").EnumerateArray().Select(n => n.GetProperty("uuid").GetGuid()).ToList();
    }

    private Guid InstanceUuid(string instance)
    {
        var info = Tapyard("instance", "info", instance, "--output", "json");
        using var json = System.Text.Json.JsonDocument.Parse(info.Output);
        return json.RootElement[0].GetProperty("uuid").GetGuid();
    }

    private static NicRecord Record(string instance, Guid instanceUuid, int index, Guid nicUuid, string device) => new()
    {
        Instance = instance,
        InstanceUuid = instanceUuid,
        NicIndex = index,
        NicUuid = nicUuid,
        Mode = "macvtap",
        Device = device,
        Ifindex = 5000 + index,
        Mac = "aa:00:00:00:00:01",
        Node = "n1",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
