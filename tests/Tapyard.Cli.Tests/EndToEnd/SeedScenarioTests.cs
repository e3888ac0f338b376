using System.Text.Json;
using System.Text.RegularExpressions;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// The scenario of the Ganeti MacVTap design (the seed), run through the built `tapyard` process by
/// process: init, a macvtap group, a node, a /28 with a reservation, connect with mvtap_mode, list,
/// info, an instance from the pool, and a refused disconnect.
/// </summary>
public sealed class SeedScenarioTests : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private static string Uuid(string networkInfo) => Regex.Match(networkInfo, "^UUID: (.+)$", RegexOptions.Multiline).Groups[1].Value;

    /// <summary>Ganeti's reference text with its UUID replaced and its bridged group line swapped for the design's macvtap one.</summary>
    private static string Expected(string referenceFile, string uuid) =>
        Ganeti.Output(referenceFile)
            .Replace("92ca849e-f8b9-4dcb-a257-99a995ba3775", uuid)
            .Replace("    default (mode:bridged link:br0 vlan:)\n", "    vtap_group (mode:macvtap link:eth0 vlan: mvtap_mode:bridge)\n");

    [Fact]
    public void The_design_scenario_prints_the_design_output()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        _state.Ok("group", "add", "vtap_group");
        _state.Ok("node", "add", "--group", "vtap_group", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "--add-reserved-ips", "192.0.2.14", "vtap-net");
        _state.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "vtap-net", "vtap_group");

        Assert.Equal(
            "Network  Subnet       Gateway   MacPrefix GroupList                            Tags\n" +
            "vtap-net 192.0.2.0/28 192.0.2.1 -         vtap_group (macvtap, eth0, , bridge) \n",
            _state.Ok("network", "list"));

        string before = _state.Ok("network", "info", "vtap-net");
        Assert.Equal(Expected("08-network-info-before-instance.txt", Uuid(before)), before);

        string added = _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=pool", "inst1");
        Assert.Matches(@"^inst1: nic/0 mac aa:00:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2} ip 192\.0\.2\.2 network vtap-net mode macvtap link eth0 mvtap_mode bridge\n$", added);

        string after = _state.Ok("network", "info", "vtap-net");
        Assert.Equal(Expected("12-network-info-after-instance.txt", Uuid(after)), after);

        Assert.Equal(
            "Network  Subnet       FreeCount ReservedCount GroupList\n" +
            "vtap-net 192.0.2.0/28        11             5 vtap_group (macvtap, eth0, , bridge)\n",
            _state.Ok("network", "list", "-o", "name,network,free_count,reserved_count,group_list"));

        string info = _state.Ok("instance", "info", "inst1");
        Assert.Contains("      IP: 192.0.2.2\n", info);
        Assert.Contains("      mode: macvtap (inherited)\n", info);
        Assert.Contains("      link: eth0 (inherited)\n", info);
        Assert.Contains("      mvtap_mode: bridge (inherited)\n", info);
        Assert.Contains("      spoof_check: on (inherited)\n", info);
        Assert.Contains("      network: vtap-net\n", info);

        string list = _state.Ok("instance", "list");
        Assert.StartsWith("Instance Primary_node Status     NIC_IPs   NIC_networks_names NIC_modes NIC_links NIC_mvtap_modes NIC_MACs\n", list);
        Assert.Matches(@"\ninst1    node1        ADMIN_down 192\.0\.2\.2 \['vtap-net'\]       macvtap   eth0      bridge          aa:00:00:..:..:..\n$", list);

        byte[] config = _state.ConfigBytes();
        var refused = _state.Run("network", "disconnect", "vtap-net", "vtap_group");
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tapyard network disconnect: ", refused.Error);
        Assert.Contains("inst1", refused.Error);
        Assert.Equal(config, _state.ConfigBytes());
    }

    [Fact]
    public void Every_listing_and_info_command_speaks_json()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        _state.Ok("group", "add", "vtap_group");
        _state.Ok("node", "add", "--group", "vtap_group", "--netns", "lab-n1", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "vtap-net");
        _state.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "vtap-net", "vtap_group");
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=pool", "--net", "1:mode=macvtap,link=eth1,mvtap_mode=private", "inst1");

        using (var networks = JsonDocument.Parse(_state.Ok("network", "list", "--output", "json")))
        {
            var net = Assert.Single(networks.RootElement.EnumerateArray().ToList());
            Assert.Equal("vtap-net", net.GetProperty("name").GetString());
            Assert.Equal(12, net.GetProperty("free_count").GetInt32()); // .0, .1, .15 reserved and inst1's .2 used
            var group = Assert.Single(net.GetProperty("group_list").EnumerateArray().ToList());
            Assert.Equal("macvtap", group.GetProperty("mode").GetString());
            Assert.Equal("bridge", group.GetProperty("mvtap_mode").GetString());
            Assert.Equal(["inst1"], net.GetProperty("inst_list").EnumerateArray().Select(e => e.GetString()));
            Assert.False(net.TryGetProperty("map", out _));   // one character per address: only when asked for
        }
        using (var networks = JsonDocument.Parse(_state.Ok("network", "list", "--output", "json", "-o", "name,map")))
            Assert.Equal("XXX............X", Assert.Single(networks.RootElement.EnumerateArray().ToList()).GetProperty("map").GetString());
        using (var info = JsonDocument.Parse(_state.Ok("network", "info", "--output", "json", "vtap-net")))
        {
            var net = Assert.Single(info.RootElement.EnumerateArray().ToList());
            Assert.Equal(16, net.GetProperty("size").GetInt32());
            Assert.Equal("XXX............X", net.GetProperty("map").GetString());
            var user = Assert.Single(net.GetProperty("instances").EnumerateArray().ToList());
            Assert.Equal("192.0.2.2", user.GetProperty("nics")[0].GetProperty("ip").GetString());
        }
        using (var instances = JsonDocument.Parse(_state.Ok("instance", "info", "--output", "json", "inst1")))
        {
            var nics = instances.RootElement[0].GetProperty("nics");
            Assert.Equal(2, nics.GetArrayLength());
            Assert.Equal(["mode", "link", "mvtap_mode"], nics[0].GetProperty("inherited").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("private", nics[1].GetProperty("mvtap_mode").GetString());
            Assert.Empty(nics[1].GetProperty("inherited").EnumerateArray());
        }
        using (var list = JsonDocument.Parse(_state.Ok("instance", "list", "--output", "json")))
            Assert.Equal("inst1", list.RootElement[0].GetProperty("name").GetString());
        using (var cluster = JsonDocument.Parse(_state.Ok("cluster", "info", "--output", "json")))
        {
            Assert.Equal("bridged", cluster.RootElement.GetProperty("nicparams").GetProperty("mode").GetString());
            Assert.True(cluster.RootElement.GetProperty("nicparams").GetProperty("spoof_check").GetBoolean());
            Assert.Equal(1, cluster.RootElement.GetProperty("instance_count").GetInt32());
        }
        using (var nodes = JsonDocument.Parse(_state.Ok("node", "list", "--output", "json")))
            Assert.Equal("lab-n1", nodes.RootElement[0].GetProperty("netns").GetString());
        using (var node = JsonDocument.Parse(_state.Ok("node", "info", "--output", "json", "node1")))
            Assert.Equal(["inst1"], node.RootElement[0].GetProperty("pinst_list").EnumerateArray().Select(e => e.GetString()));
        using (var groups = JsonDocument.Parse(_state.Ok("group", "list", "--output", "json")))
        {
            var byName = groups.RootElement.EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!);
            Assert.Equal(["default", "vtap_group"], byName.Keys.Order());
            Assert.Equal(1, byName["vtap_group"].GetProperty("pinst_cnt").GetInt32());
        }
    }

    [Fact]
    public void Node_add_takes_a_primary_ip_that_list_and_info_show()
    {
        _state.Ok("cluster", "init");
        _state.Ok("node", "add", "--primary-ip", "192.0.2.7", "node1");
        _state.Ok("node", "add", "node2");

        Assert.Equal("Node  PrimaryIP\nnode1 192.0.2.7\nnode2 -\n", _state.Ok("node", "list", "-o", "name,pip"));
        Assert.Contains("\n  primary ip: 192.0.2.7\n", _state.Ok("node", "info", "node1"));
        Assert.Contains("\n  primary ip: None\n", _state.Ok("node", "info", "node2"));
        using (var nodes = JsonDocument.Parse(_state.Ok("node", "info", "--output", "json", "node1")))
            Assert.Equal("192.0.2.7", nodes.RootElement[0].GetProperty("pip").GetString());

        byte[] config = _state.ConfigBytes();
        var refused = _state.Run("node", "add", "--primary-ip", "192.0.2", "node3");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("tapyard node add: primary IP '192.0.2' of node node3 is not a valid IPv4 address; use a dotted quad like 192.0.2.1\n", refused.Error);
        Assert.Equal(config, _state.ConfigBytes());
    }

    [Fact]
    public void Tables_of_cluster_group_and_node()
    {
        _state.Ok("cluster", "init", "--mac-prefix", "aa:bb:cc", "-N", "mode=bridged,link=br0");
        _state.Ok("group", "add", "vtap_group");
        _state.Ok("node", "add", "--group", "vtap_group", "node10");
        _state.Ok("node", "add", "--group", "vtap_group", "node9");

        string cluster = _state.Ok("cluster", "info");
        Assert.Contains("MAC prefix: aa:bb:cc\n", cluster);
        Assert.Contains("  mode: bridged\n  link: br0\n", cluster);

        Assert.Equal("Group      Nodes Instances Networks\ndefault        0         0 \nvtap_group     2         0 \n", _state.Ok("group", "list"));
        Assert.Equal("Node   Group      Netns Pinst\nnode9  vtap_group -         0\nnode10 vtap_group -         0\n", _state.Ok("node", "list"));
        Assert.StartsWith("Node name: node9\n", _state.Ok("node", "info", "node9"));

        _state.Ok("cluster", "modify", "-N", "mode=macvtap,link=eth0");
        Assert.Contains("  mode: macvtap\n  link: eth0\n", _state.Ok("cluster", "info"));

        _state.Ok("node", "remove", "node10");
        _state.Ok("node", "remove", "node9");
        _state.Ok("group", "remove", "vtap_group");
        Assert.Equal("Group   Nodes Instances Networks\ndefault     0         0 \n", _state.Ok("group", "list"));
    }

    [Fact]
    public void Removing_an_instance_or_a_nic_gives_its_address_back()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        _state.Ok("node", "add", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "net1");
        _state.Ok("network", "connect", "-N", "mode=bridged,link=br0", "net1", "default");
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=net1,ip=pool", "inst1");
        Assert.Contains("ip 192.0.2.3 ", _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=net1,ip=pool", "inst2"));

        _state.Ok("instance", "remove", "inst1");
        Assert.Contains("ip 192.0.2.2 ", _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=net1,ip=pool", "inst3"));

        string modified = _state.Ok("instance", "modify", "--net", "add:network=net1,ip=pool", "inst3");
        Assert.Contains("inst3: nic/1 ", modified);
        Assert.Contains("ip 192.0.2.4 ", modified);
        _state.Ok("instance", "modify", "--net", "remove:1", "inst3");
        Assert.Contains("  Free: 11 (68.75%)\n", _state.Ok("network", "info", "net1"));

        _state.Ok("instance", "remove", "inst2");
        _state.Ok("instance", "remove", "inst3");
        _state.Ok("network", "disconnect", "net1", "default");
        _state.Ok("network", "remove", "net1");
        Assert.Equal("Network Subnet Gateway MacPrefix GroupList Tags\n", _state.Ok("network", "list"));
    }

    [Fact]
    public void State_directory_comes_from_the_environment_when_no_option_is_given()
    {
        var result = TapyardProcess.RunRaw(["cluster", "init"], new Dictionary<string, string> { ["TAPYARD_STATE_DIR"] = _state.Path });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_state.ConfigPath));
        Assert.Contains("Cluster name: ", _state.Ok("cluster", "info"));
    }

    [Fact]
    public void Modify_changes_gateway_reservations_and_tags_and_no_conflicts_check_connects_anyway()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        _state.Ok("node", "add", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "--tags", "lab", "net1");
        _state.Ok("network", "modify", "--gateway", "192.0.2.13", "--add-reserved-ips", "192.0.2.5,192.0.2.6", "--add-tags", "blue", "net1");
        string info = _state.Ok("network", "info", "net1");
        Assert.Contains("  Gateway: 192.0.2.13\n", info);
        Assert.Contains("        0 X....XX......X.X                                                 63\n", info); // the old gateway .1 is free again
        Assert.Contains("    192.0.2.0, 192.0.2.5, 192.0.2.6, 192.0.2.13, 192.0.2.15\n", info);
        _state.Ok("network", "modify", "--remove-reserved-ips", "192.0.2.6", "net1");
        Assert.Contains("    192.0.2.0, 192.0.2.5, 192.0.2.13, 192.0.2.15\n", _state.Ok("network", "info", "net1"));
        Assert.Equal("Network Tags\nnet1    lab,blue\n", _state.Ok("network", "list", "-o", "name,tags"));

        // An instance holding an address of net1 without being on it: the check refuses, --no-conflicts-check connects.
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:mode=bridged,link=br0,ip=192.0.2.7", "loose");
        Assert.Equal(1, _state.Run("network", "connect", "-N", "mode=bridged,link=br0", "net1", "default").ExitCode);
        _state.Ok("network", "connect", "--no-conflicts-check", "-N", "mode=bridged,link=br0", "net1", "default");
        Assert.Equal("Network GroupList\nnet1    default (bridged, br0, )\n", _state.Ok("network", "list", "-o", "name,group_list"));
    }
}
