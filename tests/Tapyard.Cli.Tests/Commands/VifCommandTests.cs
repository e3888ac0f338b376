using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Links;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`tapyard vif plug|unplug` end to end: a node namespace of our own (node add --netns), a config, a runtime directory.</summary>
[Trait("Category", "Kernel")]
public sealed class VifCommandTests : IDisposable
{
    private const string Port = "3f2a6c1e-8b4d-4e0a-9c55-0123456789ab";
    private const string Mac = "fa:16:3e:12:34:56";

    private readonly TestNamespace _ns = TestNamespace.Create("cli-vif");
    private readonly TempStateDirectory _state = new();

    public VifCommandTests()
    {
        _ns.Netlink.Links.Create(new VethLinkSpec { Name = "eth0", PeerName = "eth0p" });
        foreach (string[] step in new string[][] { ["cluster", "init"], ["node", "add", "--netns", _ns.Name, "lab1"] })
            Assert.True(Tapyard(step).ExitCode == 0, string.Join(' ', step));
    }

    private string Run => Path.Combine(_state.Path, "run");

    private string Records => Path.Combine(Run, "nics", "lab1");

    private CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", _state.Path, .. args]);

    private CliResult Vif(string verb, string file, params string[] more) =>
        Tapyard(["vif", verb, "--vif", file, "--node", "lab1", "--run-dir", Run, .. more]);

    private string WriteVif(string details, string type = "macvtap", string name = "vif.json")
    {
        string path = Path.Combine(_state.Path, name);
        File.WriteAllText(path, $$"""{"id": "{{Port}}", "address": "{{Mac}}", "type": "{{type}}", "details": """ + "{" + details + "}}");
        return path;
    }

    private IReadOnlyList<JsonElement> Macvtaps()
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", _ns.Name, "-d", "-j", "link", "show", "type", "macvtap"));
        return doc.RootElement.EnumerateArray().Select(link => link.Clone()).ToList();
    }

    [Fact]
    public void Plug_makes_a_down_macvtap_with_the_vifs_mac_and_mode_on_its_source_and_unplug_removes_it_and_its_record()
    {
        string file = WriteVif("""
            "macvtap_source": "eth0", "macvtap_mode": "vepa", "physical_interface": "eth0"
            """);

        var plug = Vif("plug", file);

        Assert.True(plug.ExitCode == 0, plug.ToString());
        Assert.Equal("", plug.Error);
        var link = Assert.Single(Macvtaps());
        int ifindex = link.GetProperty("ifindex").GetInt32();
        Assert.Equal(Mac, link.GetProperty("address").GetString());
        Assert.Equal("vepa", link.Get("linkinfo", "info_data", "mode")?.GetString());
        Assert.Equal("eth0", link.GetProperty("link").GetString());
        Assert.DoesNotContain("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        string name = link.GetProperty("ifname").GetString()!;
        using (var json = JsonDocument.Parse(plug.Output))
        {
            var root = json.RootElement;
            Assert.Equal(Port, root.GetProperty("vif").GetString());
            Assert.Equal("lab1", root.GetProperty("node").GetString());
            Assert.Equal("vif-" + Port, root.GetProperty("instance").GetString());
            var device = Assert.Single(root.GetProperty("devices").EnumerateArray().ToList());
            Assert.Equal(
                $$"""{"name":"{{name}}","ifindex":{{ifindex}},"char_device":"/dev/tap{{ifindex}}","mac":"{{Mac}}","mode":"macvtap","macvtap_mode":"vepa","lower":"eth0","up":false}""",
                JsonSerializer.Serialize(device));
        }
        Assert.True(File.Exists(Path.Combine(Records, name + ".json")));

        var unplug = Vif("unplug", file);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Equal("", unplug.Error);
        Assert.Empty(Macvtaps());
        Assert.Empty(Directory.GetFiles(Records));
        using (var json = JsonDocument.Parse(unplug.Output))
            Assert.Equal([name], json.RootElement.GetProperty("devices_removed").EnumerateArray().Select(e => e.GetString()));

        // Unplugging again is not an error (Nova's unplug of a missing device is not either).
        var again = Vif("unplug", file);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal($"nothing was plugged for VIF {Port} on node lab1\n", again.Error);
        using (var json = JsonDocument.Parse(again.Output))
            Assert.Empty(json.RootElement.GetProperty("devices_removed").EnumerateArray());
    }

    [Fact]
    public void Plug_with_up_leaves_the_device_up_and_plugging_again_replaces_it()
    {
        string file = WriteVif("""
            "macvtap_source": "eth0", "macvtap_mode": "bridge", "physical_interface": "eth0"
            """);
        Assert.Equal(0, Vif("plug", file).ExitCode);

        var second = Vif("plug", file, "--up");

        Assert.True(second.ExitCode == 0, second.ToString());
        var link = Assert.Single(Macvtaps());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        using var json = JsonDocument.Parse(second.Output);
        Assert.True(json.RootElement.GetProperty("devices")[0].GetProperty("up").GetBoolean());
        Assert.Equal(0, Vif("unplug", file).ExitCode);
        Assert.Empty(Macvtaps());
    }

    [Theory]
    [InlineData("macvtap_source")]
    [InlineData("macvtap_mode")]
    [InlineData("physical_interface")]
    public void A_missing_macvtap_detail_is_named_and_nothing_is_made(string missing)
    {
        var details = new Dictionary<string, string> { ["macvtap_source"] = "eth0", ["macvtap_mode"] = "bridge", ["physical_interface"] = "eth0" };
        details.Remove(missing);
        string file = WriteVif(string.Join(", ", details.Select(d => $"\"{d.Key}\": \"{d.Value}\"")));

        var result = Vif("plug", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"tapyard vif plug: VIF {Port} of type macvtap is missing the detail(s) {missing}; Neutron's macvtap agent sets them in binding:vif_details (Nova: VifDetailsMissingMacvtapParameters)\n",
            result.Error);
        Assert.Empty(Macvtaps());
        Assert.False(Directory.Exists(Records) && Directory.GetFiles(Records).Length > 0);
    }

    [Fact]
    public void A_missing_lower_device_is_named_and_nothing_is_left()
    {
        string file = WriteVif("""
            "macvtap_source": "eth9", "macvtap_mode": "bridge", "physical_interface": "eth9"
            """);

        var result = Vif("plug", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"tapyard vif plug: cannot plug NIC 0 of instance vif-{Port} on node lab1: lower device eth9 does not exist on node lab1; nothing was left behind\n",
            result.Error);
        Assert.Empty(Macvtaps());
        Assert.Empty(Directory.Exists(Records) ? Directory.GetFiles(Records) : []);
    }

    [Fact]
    public void A_vlan_vif_fails_clearly_on_a_kernel_without_8021q()
    {
        string file = WriteVif("""
            "macvtap_source": "eth0.100", "macvtap_mode": "bridge", "physical_interface": "eth0", "vlan": "100"
            """);

        var result = Vif("plug", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"tapyard vif plug: cannot plug macvtap NIC 0 of instance vif-{Port} on node lab1: vlan 100 needs the 802.1Q sub-interface eth0.100, but ", result.Error);
        Assert.EndsWith("; nothing was changed\n", result.Error);
        Assert.Empty(Macvtaps());
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("tap")]
    [InlineData("ovs")]
    public void Other_vif_types_are_refused_for_now(string type)
    {
        string path = Path.Combine(_state.Path, "other.json");
        File.WriteAllText(path, $$"""{"id": "{{Port}}", "address": "{{Mac}}", "type": "{{type}}", "devname": "tap3f2a6c1e-8b", "network": {"bridge": "br-int"} }""");

        var result = Vif("plug", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"tapyard vif plug: vif_type {type} of VIF {Port} is not supported by this node yet (only macvtap); nothing was changed\n", result.Error);
        Assert.Empty(Macvtaps());
    }

    [Fact]
    public void Command_line_mistakes_get_one_line_each()
    {
        var noVif = Tapyard("vif", "plug", "--node", "lab1", "--run-dir", Run);
        Assert.Equal(2, noVif.ExitCode);
        Assert.Equal("tapyard vif plug: missing option --vif FILE.json (see 'tapyard vif plug --help')\n", noVif.Error);

        string missingFile = Path.Combine(_state.Path, "nope.json");
        var noFile = Vif("unplug", missingFile);
        Assert.Equal(1, noFile.ExitCode);
        Assert.StartsWith($"tapyard vif unplug: cannot read VIF file {missingFile}: ", noFile.Error);

        string file = WriteVif("""
            "macvtap_source": "eth0", "macvtap_mode": "bridge", "physical_interface": "eth0"
            """);
        var noNode = Tapyard("vif", "plug", "--vif", file, "--node", "lab9", "--run-dir", Run);
        Assert.Equal(1, noNode.ExitCode);
        Assert.Contains("lab9", noNode.Error);
        Assert.Empty(Macvtaps());
    }

    public void Dispose()
    {
        try { _ns.Dispose(); }
        finally { _state.Dispose(); }
    }
}
