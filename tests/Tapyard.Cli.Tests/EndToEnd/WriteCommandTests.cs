using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// What write commands leave on disk through the built `tapyard`: nothing when they fail before a
/// cluster exists, nothing new when they change nothing, and NICs removed and added in one modify.
/// </summary>
public sealed class WriteCommandTests : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private long Serial(params string[] path)
    {
        using var document = JsonDocument.Parse(_state.ConfigBytes());
        var element = document.RootElement;
        foreach (string name in path)
            element = element.GetProperty(name);
        return element.GetInt64();
    }

    private void Seed()
    {
        _state.Ok("cluster", "init", "-N", "mode=bridged,link=br0");
        _state.Ok("group", "add", "vtap_group");
        _state.Ok("node", "add", "--group", "vtap_group", "node1");
        _state.Ok("network", "add", "--network", "192.0.2.0/28", "--gateway", "192.0.2.1", "--add-reserved-ips", "192.0.2.14", "vtap-net");
        _state.Ok("network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "vtap-net", "vtap_group");
    }

    [Fact]
    public void Failing_writes_on_a_missing_state_directory_create_nothing()
    {
        string missing = Path.Combine(_state.Path, "missing");
        var init = TapyardProcess.Run(missing, "cluster", "init", "--mac-prefix", "01:00:00");
        Assert.Equal(1, init.ExitCode);
        Assert.Contains("01:00:00", init.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));

        var add = TapyardProcess.Run(missing, "group", "add", "g1");
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("not initialized", add.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));

        // An existing directory without a cluster gets no config.lock either.
        Assert.Equal(1, _state.Run("group", "add", "g1").ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_state.Path));
    }

    [Fact]
    public void Commands_that_change_nothing_write_nothing()
    {
        Seed();
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=pool", "inst1");
        _state.Ok("network", "modify", "--add-tags", "x", "vtap-net");
        _state.Ok("cluster", "modify", "--mac-prefix", "aa:00:00");
        byte[] before = _state.ConfigBytes();

        _state.Ok("instance", "modify", "--vcpus", "1", "inst1");
        _state.Ok("network", "modify", "--add-tags", "x", "vtap-net");
        _state.Ok("cluster", "modify", "--mac-prefix", "AA:00:00");
        _state.Ok("cluster", "modify", "-N", "mode=bridged,link=br0");
        Assert.Equal(before, _state.ConfigBytes());
    }

    [Fact]
    public void Cluster_modify_raises_the_cluster_serial_once_per_command()
    {
        Seed();
        long serial = Serial("cluster", "serial");
        _state.Ok("cluster", "modify", "-N", "link=br1", "--mac-prefix", "52:54:00");
        Assert.Equal(serial + 1, Serial("cluster", "serial"));
    }

    [Fact]
    public void A_nic_removed_in_a_modify_frees_its_address_and_mac_for_the_adds()
    {
        Seed();
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=192.0.2.5,mac=aa:00:00:00:00:05", "inst1");
        _state.Ok("instance", "modify", "--net", "remove:0", "--net", "add:network=vtap-net,ip=192.0.2.5,mac=aa:00:00:00:00:05", "inst1");
        string info = _state.Ok("instance", "info", "inst1");
        Assert.Contains("192.0.2.5", info, StringComparison.Ordinal);
        Assert.Contains("aa:00:00:00:00:05", info, StringComparison.Ordinal);

        // Ganeti's bare "remove" takes the last NIC; the address is free again.
        _state.Ok("instance", "modify", "--net", "remove", "inst1");
        Assert.DoesNotContain("192.0.2.5", _state.Ok("instance", "info", "inst1"), StringComparison.Ordinal);
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=192.0.2.5,mac=aa:00:00:00:00:05", "inst2");
    }

    [Fact]
    public void An_own_ip_inside_a_connected_network_is_refused_so_the_pool_never_hands_it_out_twice()
    {
        Seed();
        var refused = _state.Run("instance", "add", "--node", "node1", "--net", "0:mode=routed,link=r0,ip=192.0.2.2", "inst4");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("IP 192.0.2.2 belongs to network vtap-net connected to group vtap_group; give network=vtap-net or another address", refused.Error, StringComparison.Ordinal);
        _state.Ok("instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=pool", "inst5");
        Assert.Contains("192.0.2.2", _state.Ok("instance", "info", "inst5"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_stored_connection_does_not_keep_network_list_and_info_from_showing()
    {
        Seed();
        // A hand edit the rules refuse: mvtap_mode on a bridged connection.
        string config = File.ReadAllText(_state.ConfigPath);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(config, "\"mode\": \"macvtap\""));
        File.WriteAllText(_state.ConfigPath, config.Replace("\"mode\": \"macvtap\"", "\"mode\": \"bridged\"", StringComparison.Ordinal));

        Assert.Contains("vtap_group (bridged, eth0, )", _state.Ok("network", "list"), StringComparison.Ordinal);
        Assert.Contains("vtap_group (mode:bridged link:eth0 vlan:)", _state.Ok("network", "info", "vtap-net"), StringComparison.Ordinal);
    }
}
