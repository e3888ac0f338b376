using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Links;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`tapyard vif plug|unplug` end to end: a node namespace of our own (node add --netns), a config, a runtime directory.</summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
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
        // The printed char device is this macvtap's: its major:minor is the one sysfs shows inside the namespace.
        string inNamespace = Ip.Run("netns", "exec", _ns.Name, "cat", $"/sys/class/net/{name}/macvtap/tap{ifindex}/dev").Trim();
        Assert.Equal(inNamespace, Ip.Run("netns", "exec", _ns.Name, "stat", "-c", "%Hr:%Lr", $"/dev/tap{ifindex}").Trim());

        // vif xml --prepared-devices names the plugged device (libvirt must not make a second macvtap with the MAC).
        var prepared = Vif("xml", file, "--prepared-devices");
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        Assert.Contains("<interface type=\"ethernet\">", prepared.Output);
        Assert.Contains($"<target dev=\"{name}\" managed=\"no\" />", prepared.Output);
        Assert.DoesNotContain("<source", prepared.Output);
        VirtXmlValidate.AssertValidInterface(prepared.Output);

        var unplug = Vif("unplug", file);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Equal("", unplug.Error);
        Assert.Empty(Macvtaps());
        var notPlugged = Vif("xml", file, "--prepared-devices");
        Assert.Equal(1, notPlugged.ExitCode);
        Assert.Equal($"tapyard vif xml: VIF {Port} has no plugged device on node lab1; run `tapyard vif plug` first or omit --prepared-devices\n", notPlugged.Error);
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

    [Fact]
    public void The_nodes_up_hook_runs_for_a_vif_and_a_failing_one_undoes_the_plug()
    {
        string file = WriteVif("""
            "macvtap_source": "eth0", "macvtap_mode": "bridge", "physical_interface": "eth0"
            """);
        string hook = Path.Combine(_state.Path, "network", "macvtap", "up");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, $"#!/bin/sh\necho \"$INSTANCE $INTERFACE $MAC\" > {_state.Path}/hook.out\necho 'port not bound' >&2\nexit 4\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = Vif("plug", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"tapyard vif plug: up hook {hook} for NIC 0 of instance vif-{Port} failed (exit 4): port not bound; the NIC was removed\n", result.Error);
        Assert.Equal($"vif-{Port} vtap0 {Mac}", File.ReadAllText(Path.Combine(_state.Path, "hook.out")).Trim());
        Assert.Empty(Macvtaps());
        Assert.Empty(Directory.GetFiles(Records));
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
    public void A_vlan_vif_sits_on_physical_interface_dot_vlan_made_for_it_and_removed_with_it()
    {
        // Nova's macvtap VIF with a vlan: macvtap_source is PHYS.VLAN, which the node makes (Nova's ensure_vlan).
        string file = WriteVif("""
            "macvtap_source": "eth0.100", "macvtap_mode": "bridge", "physical_interface": "eth0", "vlan": "100"
            """);

        var plug = Vif("plug", file);

        Assert.True(plug.ExitCode == 0, plug.ToString());
        var link = Assert.Single(Macvtaps());
        Assert.Equal("eth0.100", link.GetProperty("link").GetString());
        Assert.Equal("tapyard vlan 100 on eth0", Ip.Link(_ns.Name, "eth0.100").Get("ifalias")?.GetString());
        using (var json = JsonDocument.Parse(plug.Output))
            Assert.Equal("eth0.100", Assert.Single(json.RootElement.GetProperty("devices").EnumerateArray().ToList()).GetProperty("lower").GetString());

        var unplug = Vif("unplug", file);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Empty(Macvtaps());
        Assert.False(Ip.LinkExists(_ns.Name, "eth0.100"), "the VLAN sub-interface outlived its last VIF");
    }

    [Fact]
    public void A_bridge_vif_gets_a_persistent_tap_on_its_bridge_that_outlives_the_command_and_unplug_removes_it()
    {
        Ip.Run("-n", _ns.Name, "link", "add", "br-vif", "type", "bridge");
        string path = Path.Combine(_state.Path, "bridge.json");
        File.WriteAllText(path, $$"""{"id": "{{Port}}", "address": "{{Mac}}", "type": "bridge", "devname": "tap3f2a6c1e-8b", "network": {"bridge": "br-vif"} }""");

        var plug = Vif("plug", path);

        Assert.True(plug.ExitCode == 0, plug.ToString());
        using var doc = JsonDocument.Parse(Ip.Run("-n", _ns.Name, "-d", "-j", "link", "show", "type", "tun"));
        var tap = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        string name = tap.GetProperty("ifname").GetString()!;
        int ifindex = tap.GetProperty("ifindex").GetInt32();
        Assert.Equal("br-vif", tap.GetProperty("master").GetString());
        using (var json = JsonDocument.Parse(plug.Output))
            Assert.Equal(
                $$"""{"name":"{{name}}","ifindex":{{ifindex}},"char_device":"/dev/net/tun","mac":"{{Mac}}","mode":"bridged","macvtap_mode":null,"lower":"br-vif","up":false}""",
                JsonSerializer.Serialize(json.RootElement.GetProperty("devices")[0]));

        // One queue: a single-queue tap, which libvirt/QEMU open by name without IFF_MULTI_QUEUE.
        Assert.False(tap.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean());

        var unplug = Vif("unplug", path);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Equal("[]", Ip.Run("-n", _ns.Name, "-j", "link", "show", "type", "tun").Trim());
        Assert.Empty(Directory.GetFiles(Records));

        // --queues 2 (the guest's queue pairs, as `vif xml --queues 2` says): a multi-queue tap whose two queues open by name.
        var multi = Vif("plug", path, "--queues", "2");
        Assert.True(multi.ExitCode == 0, multi.ToString());
        using (var again = JsonDocument.Parse(Ip.Run("-n", _ns.Name, "-d", "-j", "link", "show", "type", "tun")))
        {
            var mq = Assert.Single(again.RootElement.EnumerateArray().ToList());
            Assert.True(mq.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean());
            using var queues = global::Tapyard.Linux.Tap.TapDevices.Attach(_ns.Namespace, mq.GetProperty("ifname").GetString()!, 2,
                new global::Tapyard.Linux.Tap.TapQueueOptions { VnetHeader = true, MultiQueue = true, RuntimeDirectory = _state.Path });
            Assert.Equal(2, queues.Count);
        }
        Assert.True(Vif("unplug", path).ExitCode == 0);
    }

    [Fact]
    public void An_ovs_vif_gets_a_tap_on_its_ovs_bridge_with_neutrons_external_ids_and_unplug_removes_port_and_tap()
    {
        const string InterfaceId = "9d0e1f2a-3b4c-4d5e-8f60-718293a4b5c6";
        using var ovs = OvsLab.Start(_ns.Name);
        ovs.AddBridge("br-int", uplink: null);
        string path = Path.Combine(_state.Path, "ovs.json");
        File.WriteAllText(path, $$"""{"id": "{{Port}}", "address": "{{Mac}}", "type": "ovs", "ovs_interfaceid": "{{InterfaceId}}", "network": {"bridge": "br-int"} }""");

        var plug = Vif("plug", path, "--ovs-db", ovs.Database);

        Assert.True(plug.ExitCode == 0, plug.ToString());
        string name;
        using (var json = JsonDocument.Parse(plug.Output))
        {
            var device = json.RootElement.GetProperty("devices")[0];
            name = device.GetProperty("name").GetString()!;
            Assert.Equal("openvswitch", device.GetProperty("mode").GetString());
            Assert.Equal("/dev/net/tun", device.GetProperty("char_device").GetString());
            Assert.Equal("br-int", device.GetProperty("lower").GetString());
        }
        Assert.Equal(name, ovs.Vsctl("list-ports", "br-int").Trim());
        Assert.Equal($"\"{InterfaceId}\"", ovs.Vsctl("get", "Interface", name, "external_ids:iface-id").Trim());
        Assert.Equal($"\"{Mac}\"", ovs.Vsctl("get", "Interface", name, "external_ids:attached-mac").Trim());

        var unplug = Vif("unplug", path, "--ovs-db", ovs.Database);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Equal("", ovs.Vsctl("list-ports", "br-int").Trim());
        Assert.False(Ip.LinkExists(_ns.Name, name)); // (ovs-vswitchd's own ovs-netdev and br-int taps stay)
        Assert.Empty(Directory.GetFiles(Records));
    }

    private const string Devname = "tap3f2a6c1e-8b";

    private string WriteTapVif(string devname = $"\"devname\": \"{Devname}\", ", string name = "tap.json")
    {
        string path = Path.Combine(_state.Path, name);
        File.WriteAllText(path, $$$"""{"id": "{{{Port}}}", "address": "{{{Mac}}}", "type": "tap", {{{devname}}}"details": {"tap_mac_address": "00:61:fe:ed:ca:fe"}, "network": {"meta": {"mtu": 1450}} }""");
        return path;
    }

    private string Taps() => Ip.Run("-n", _ns.Name, "-j", "link", "show", "type", "tun").Trim();

    [Fact]
    public void A_tap_vif_gets_a_tap_named_devname_on_nothing_that_hooks_vif_xml_and_verify_know_and_unplug_removes_it()
    {
        string path = WriteTapVif();
        string hook = Path.Combine(_state.Path, "network", "tap", "up");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, $"#!/bin/sh\necho \"$MODE $INTERFACE $MAC\" > {_state.Path}/hook.out\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var plug = Vif("plug", path, "--queues", "4");

        Assert.True(plug.ExitCode == 0, plug.ToString());
        var tap = Ip.Link(_ns.Name, Devname);
        int ifindex = tap.GetProperty("ifindex").GetInt32();
        Assert.Equal(("tap", true, true, "00:61:fe:ed:ca:fe", 1450, false),
            (tap.Get("linkinfo", "info_data", "type")?.GetString(), tap.Get("linkinfo", "info_data", "multi_queue")?.GetBoolean(),
             tap.Get("linkinfo", "info_data", "vnet_hdr")?.GetBoolean(), tap.GetProperty("address").GetString(), tap.GetProperty("mtu").GetInt32(),
             tap.TryGetProperty("master", out _)));
        using (var json = JsonDocument.Parse(plug.Output))
            Assert.Equal(
                $$"""{"name":"{{Devname}}","ifindex":{{ifindex}},"char_device":"/dev/net/tun","mac":"{{Mac}}","mode":"tap","macvtap_mode":null,"lower":null,"up":false}""",
                JsonSerializer.Serialize(json.RootElement.GetProperty("devices")[0]));
        Assert.Equal($"tap {Devname} {Mac}", File.ReadAllText(Path.Combine(_state.Path, "hook.out")).Trim());
        Assert.True(File.Exists(Path.Combine(Records, Devname + ".json")));

        // Nova's XML and the prepared device name the same tap.
        foreach (string[] more in new[] { Array.Empty<string>(), ["--prepared-devices"] })
        {
            var xml = Vif("xml", path, ["--queues", "4", .. more]);
            Assert.True(xml.ExitCode == 0, xml.ToString());
            Assert.Contains($"<target dev=\"{Devname}\" managed=\"no\" />", xml.Output);
            Assert.Contains("queues=\"4\"", xml.Output);
        }
        var verify = Tapyard("node", "verify", "lab1", "--run-dir", Run, "--output", "json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal("[]", verify.Output.Trim());

        var unplug = Vif("unplug", path);
        Assert.True(unplug.ExitCode == 0, unplug.ToString());
        Assert.Equal("[]", Taps());
        Assert.Empty(Directory.GetFiles(Records));
    }

    [Fact]
    public void Tap_vif_mistakes_get_one_line_each_and_change_nothing()
    {
        var noDevname = Vif("plug", WriteTapVif(devname: ""));
        Assert.Equal(1, noDevname.ExitCode);
        Assert.Equal($"tapyard vif plug: VIF {Port} of type tap has no \"devname\"; give the tap's name as Neutron sets it (tap + the first 11 characters of the port id)\n", noDevname.Error);

        var tooLong = Vif("plug", WriteTapVif(devname: "\"devname\": \"tap3f2a6c1e-8b4d\", "));
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Equal($"tapyard vif plug: VIF {Port} has an invalid device name in devname 'tap3f2a6c1e-8b4d': it is 16 bytes long; device names hold at most 15 bytes\n", tooLong.Error);
        Assert.Equal("[]", Taps());
        Assert.False(Directory.Exists(Records) && Directory.GetFiles(Records).Length > 0);

        var noQueues = Vif("plug", WriteTapVif(), "--queues", "0");
        Assert.Equal(2, noQueues.ExitCode);
        Assert.Equal("tapyard vif plug: --queues '0' is not a queue count; use 1..256 (see 'tapyard vif plug --help')\n", noQueues.Error);
        Assert.Empty(Macvtaps());
        Assert.Equal("[]", Taps());

        Ip.Run("-n", _ns.Name, "tuntap", "add", "dev", Devname, "mode", "tap");
        string before = Taps();
        var foreign = Vif("plug", WriteTapVif());
        Assert.Equal(1, foreign.ExitCode);
        Assert.Equal($"tapyard vif plug: cannot plug NIC 0 of instance vif-{Port} on node lab1: device {Devname} for NIC 0 of instance vif-{Port}: "
            + $"a device {Devname} already exists on node lab1 and has no Tapyard record, so it is someone else's and is left alone; remove it or give another devname; nothing was left behind\n",
            foreign.Error);
        Assert.Equal(before, Taps());
        Assert.Empty(Directory.Exists(Records) ? Directory.GetFiles(Records) : []);
    }

    [Fact]
    public void Mode_tap_is_not_a_nic_mode_of_instances()
    {
        var add = Tapyard("instance", "add", "--node", "lab1", "--net", "0:mode=tap,link=eth0", "web1");

        Assert.Equal(1, add.ExitCode);
        Assert.Equal("tapyard instance add: unknown NIC mode 'tap'; use bridged, routed, openvswitch or macvtap\n", add.Error);
        Assert.Equal(1, Tapyard("cluster", "modify", "-N", "mode=tap").ExitCode);
    }

    [Fact]
    public void A_bridge_vif_on_a_missing_bridge_fails_and_leaves_nothing()
    {
        string path = Path.Combine(_state.Path, "nobridge.json");
        File.WriteAllText(path, $$"""{"id": "{{Port}}", "address": "{{Mac}}", "type": "bridge", "network": {"bridge": "br-gone"} }""");

        var result = Vif("plug", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"tapyard vif plug: cannot plug NIC 0 of instance vif-{Port} on node lab1: ", result.Error);
        Assert.Contains("br-gone", result.Error);
        Assert.Equal("[]", Ip.Run("-n", _ns.Name, "-j", "link", "show", "type", "tun").Trim());
        Assert.Empty(Directory.Exists(Records) ? Directory.GetFiles(Records) : []);
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
