using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.EndToEnd;

/// <summary>
/// Every bad input of the issue through the built `tapyard`: the exit code (1 for a refused
/// operation, 2 for a wrong command line), exactly one line on stderr that names the object,
/// nothing on stdout, and config.json byte for byte as it was.
/// </summary>
public sealed class BadInputTests(BadInputWorld world, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<BadInputWorld>
{
    private const int Refused = 1;
    private const int Usage = 2;

    public static TheoryData<string, int, string, string[]> Cases => new()
    {
        // mvtap_mode without mode=macvtap
        { "mvtap_mode on a bridged connection", Refused, "mvtap_mode", ["network", "connect", "-N", "mode=bridged,link=br0,mvtap_mode=bridge", "big16", "default"] },
        { "mvtap_mode on a bridged NIC", Refused, "mvtap_mode", ["instance", "add", "--node", "node0", "--net", "0:mode=bridged,link=br0,mvtap_mode=vepa", "x1"] },
        { "mvtap_mode unknown", Refused, "sideways", ["network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=sideways", "big16", "default"] },
        // unknown mode
        { "unknown mode on connect", Refused, "invalid", ["network", "connect", "-N", "mode=invalid,link=br0", "big16", "default"] },
        { "unknown mode on a NIC", Refused, "invalid", ["instance", "add", "--node", "node0", "--net", "0:mode=invalid,link=br0", "x1"] },
        { "unknown mode in cluster defaults", Refused, "invalid", ["cluster", "modify", "-N", "mode=invalid"] },
        // bad MAC or prefix
        { "MAC not hex", Refused, "zz:zz:zz:zz:zz:zz", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,mac=zz:zz:zz:zz:zz:zz", "x1"] },
        { "multicast MAC", Refused, "01:00:5e:00:00:01", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,mac=01:00:5e:00:00:01", "x1"] },
        { "multicast MAC prefix", Refused, "01:02:03", ["network", "add", "--network", "10.50.0.0/24", "--mac-prefix", "01:02:03", "n50"] },
        { "MAC prefix not three octets", Refused, "aa:bb", ["network", "add", "--network", "10.50.0.0/24", "--mac-prefix", "aa:bb", "n50"] },
        { "cluster MAC prefix", Refused, "xyz", ["cluster", "modify", "--mac-prefix", "xyz"] },
        // link names
        { "link name too long", Refused, "averyveryverylongname", ["network", "connect", "-N", "mode=macvtap,link=averyveryverylongname", "big16", "default"] },
        { "link name with a slash", Refused, "eth0/1", ["instance", "add", "--node", "node0", "--net", "0:mode=macvtap,link=eth0/1", "x1"] },
        // addresses
        { "IP outside the subnet", Refused, "10.9.9.9", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=10.9.9.9", "x1"] },
        { "IP already used", Refused, "192.0.2.2", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=192.0.2.2", "x1"] },
        { "IP externally reserved", Refused, "192.0.2.14", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=192.0.2.14", "x1"] },
        { "pool exhausted", Refused, "tiny", ["instance", "add", "--node", "node1", "--net", "0:network=tiny,ip=pool", "x1"] },
        { "duplicate MAC", Refused, BadInputWorld.Inst1Mac, ["instance", "add", "--node", "node1", "--net", $"0:network=vtap-net,ip=pool,mac={BadInputWorld.Inst1Mac}", "x1"] },
        { "ip=pool without a network", Refused, "pool", ["instance", "add", "--node", "node1", "--net", "0:ip=pool", "x1"] },
        { "own IP inside a network connected to the node's group", Refused, "network=vtap-net", ["instance", "add", "--node", "node1", "--net", "0:mode=routed,link=r0,ip=192.0.2.3", "x1"] },
        { "mode with network", Refused, "mode", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,mode=bridged", "x1"] },
        { "link with network", Refused, "link", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,link=eth1", "x1"] },
        { "link with network in modify", Refused, "link", ["instance", "modify", "--net", "add:network=vtap-net,link=eth1", "inst1"] },
        { "gateway on an external reservation", Refused, "192.0.2.14", ["network", "modify", "--gateway", "192.0.2.14", "vtap-net"] },
        { "modify changing a NIC", Refused, "modify does not change existing NICs", ["instance", "modify", "--net", "0:ip=pool", "inst1"] },
        { "network not connected to the node's group", Refused, "big16", ["instance", "add", "--node", "node1", "--net", "0:network=big16,ip=pool", "x1"] },
        // VLANs
        { "VLAN 4095", Refused, "4095", ["network", "connect", "-N", "mode=macvtap,link=eth0,vlan=4095", "big16", "default"] },
        { "VLAN 0", Refused, "VLAN 0", ["instance", "add", "--node", "node0", "--net", "0:mode=openvswitch,link=ovs0,vlan=0", "x1"] },
        { "VLAN on a routed NIC", Refused, "vlan", ["instance", "add", "--node", "node0", "--net", "0:mode=routed,link=rt0,vlan=5", "x1"] },
        // subnets and gateways
        { "subnet /31", Refused, "/30", ["network", "add", "--network", "10.60.0.0/31", "n31"] },
        { "subnet /7", Refused, "/8", ["network", "add", "--network", "10.0.0.0/7", "n7"] },
        { "netmask 33", Refused, "33", ["network", "add", "--network", "10.0.0.0/33", "bad1"] },
        { "host bits set", Refused, "10.4.0.1/24", ["network", "add", "--network", "10.4.0.1/24", "hostbits"] },
        { "gateway outside", Refused, "10.2.0.1", ["network", "add", "--network", "10.1.0.0/24", "--gateway", "10.2.0.1", "badgw"] },
        { "gateway is the network address", Refused, "10.7.0.0", ["network", "add", "--network", "10.7.0.0/24", "--gateway", "10.7.0.0", "gwnet"] },
        { "gateway not an address", Refused, "notanip", ["network", "add", "--network", "10.8.0.0/24", "--gateway", "notanip", "badgw2"] },
        { "reserved outside", Refused, "10.6.0.5", ["network", "add", "--network", "10.5.0.0/24", "--add-reserved-ips", "10.6.0.5", "resout"] },
        { "modify reserves outside", Refused, "10.99.0.1", ["network", "modify", "--add-reserved-ips", "10.99.0.1", "vtap-net"] },
        { "no --network", Refused, "--network", ["network", "add", "nonet"] },
        { "duplicate network", Refused, "vtap-net", ["network", "add", "--network", "10.3.0.0/24", "vtap-net"] },
        // unknown objects
        { "info on an unknown network", Refused, "nosuchnet", ["network", "info", "nosuchnet"] },
        { "list of an unknown network", Refused, "nosuchnet", ["network", "list", "nosuchnet"] },
        { "remove an unknown network", Refused, "nosuchnet", ["network", "remove", "nosuchnet"] },
        { "connect an unknown network", Refused, "nosuchnet", ["network", "connect", "-N", "mode=bridged,link=br0", "nosuchnet", "default"] },
        { "NIC on an unknown network", Refused, "nosuchnet", ["instance", "add", "--node", "node1", "--net", "0:network=nosuchnet,ip=pool", "x1"] },
        { "connect to an unknown group", Refused, "nosuchgroup", ["network", "connect", "-N", "mode=bridged,link=br0", "big16", "nosuchgroup"] },
        { "node in an unknown group", Refused, "nosuchgroup", ["node", "add", "--group", "nosuchgroup", "n9"] },
        { "remove an unknown group", Refused, "nosuchgroup", ["group", "remove", "nosuchgroup"] },
        { "instance on an unknown node", Refused, "nosuchnode", ["instance", "add", "--node", "nosuchnode", "--net", "0:network=vtap-net,ip=pool", "x1"] },
        { "info on an unknown node", Refused, "nosuchnode", ["node", "info", "nosuchnode"] },
        { "remove an unknown node", Refused, "nosuchnode", ["node", "remove", "nosuchnode"] },
        { "info on an unknown instance", Refused, "nosuchinst", ["instance", "info", "nosuchinst"] },
        { "remove an unknown instance", Refused, "nosuchinst", ["instance", "remove", "nosuchinst"] },
        { "modify an unknown instance", Refused, "nosuchinst", ["instance", "modify", "--net", "remove:0", "nosuchinst"] },
        { "remove a NIC that does not exist", Refused, "5", ["instance", "modify", "--net", "remove:5", "inst1"] },
        // removing what is in use
        { "remove a connected network", Refused, "lonely", ["network", "remove", "lonely"] },
        { "remove a used network", Refused, "vtap-net", ["network", "remove", "vtap-net"] },
        { "disconnect while instances use it", Refused, "inst1", ["network", "disconnect", "vtap-net", "vtap_group"] },
        { "connect over an instance's address", Refused, "loose1", ["network", "connect", "-N", "mode=bridged,link=br0", "big16", "default"] },
        { "remove a group with nodes", Refused, "vtap_group", ["group", "remove", "vtap_group"] },
        { "remove a node with instances", Refused, "node1", ["node", "remove", "node1"] },
        // duplicates
        { "duplicate instance", Refused, "inst1", ["instance", "add", "--node", "node1", "--net", "0:network=vtap-net,ip=pool", "inst1"] },
        { "duplicate group", Refused, "vtap_group", ["group", "add", "vtap_group"] },
        { "duplicate node", Refused, "node1", ["node", "add", "node1"] },
        { "cluster init twice", Refused, "already", ["cluster", "init"] },
        // the command line itself
        { "connect without -N", Usage, "-N", ["network", "connect", "vtap-net", "vtap_group"] },
        { "instance add without --node", Usage, "--node", ["instance", "add", "--net", "0:network=vtap-net,ip=pool", "x1"] },
        { "unknown option", Usage, "--bogus", ["network", "list", "--bogus"] },
        { "unknown field", Usage, "nosuchfield", ["network", "list", "-o", "nosuchfield"] },
        { "unknown output format", Usage, "yaml", ["network", "info", "--output", "yaml", "vtap-net"] },
        { "missing name", Usage, "NAME", ["group", "add"] },
        { "modify without changes", Usage, "nothing to change", ["network", "modify", "vtap-net"] },
        { "vcpus not a number", Usage, "many", ["instance", "add", "--node", "node1", "--vcpus", "many", "x1"] },
        { "unknown command", Usage, "frobnicate", ["network", "frobnicate"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_one_line_and_changes_nothing(string what, int exitCode, string named, string[] args)
    {
        byte[] before = world.State.ConfigBytes();

        var result = world.State.Run(args);
        log.WriteLine(result.Error.TrimEnd('\n'));

        Assert.True(result.ExitCode == exitCode, $"{what}: expected exit {exitCode}\n{result}");
        Assert.Equal("", result.Output);
        var lines = result.Error.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"{what}: expected one line on stderr\n{result.Error}");
        Assert.StartsWith("tapyard ", lines[0]);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.Equal(before, world.State.ConfigBytes());
    }
}
