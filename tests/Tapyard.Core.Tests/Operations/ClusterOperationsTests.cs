using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

public sealed class ClusterOperationsTests
{
    [Fact]
    public void Init_has_defaults_a_default_group_and_records_the_default_link()
    {
        var config = ClusterOperations.Init(new ClusterInitRequest { NicParams = NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=vepa") });
        Assert.Equal("aa:00:00", config.Cluster.MacPrefix);
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Vepa }, config.Cluster.DefaultNicParams);
        Assert.Equal("eth0", config.Cluster.DefaultLinks[NicMode.Macvtap]);
        Assert.Equal(["default"], config.Groups.Keys);
        Assert.Equal(1, config.Cluster.Serial);
    }

    [Fact]
    public void Init_without_N_is_bridged_without_a_link()
    {
        var config = ClusterOperations.Init(new ClusterInitRequest { MacPrefix = "52:54:00" });
        Assert.Equal(new NicParams { Mode = NicMode.Bridged }, config.Cluster.DefaultNicParams);
        Assert.Empty(config.Cluster.DefaultLinks);
        Assert.Equal("52:54:00", config.Cluster.MacPrefix);
    }

    [Theory]
    [InlineData("01:00:00", "", "MAC prefix '01:00:00' is multicast (its first octet 01 is odd), so no device could use its MACs; give three hex octets with an even first octet, e.g. aa:00:00")]
    [InlineData("aa:00", "", "MAC prefix 'aa:00' has 2 octet(s), not 3; give three hex octets with an even first octet, e.g. aa:00:00")]
    [InlineData("aa:00:00", "mode=bridged,mvtap_mode=bridge", NicParamsRules.MvtapModeNeedsMacvtap)]
    [InlineData("aa:00:00", "mvtap_mode=bridge", NicParamsRules.MvtapModeNeedsMacvtap)]
    public void Init_refuses_bad_input(string prefix, string nicParams, string message)
    {
        var error = Assert.ThrowsAny<TapyardException>(() =>
            ClusterOperations.Init(new ClusterInitRequest { MacPrefix = prefix, NicParams = NicParamsParser.Parse(nicParams) }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Modify_sets_defaults_records_links_and_bumps_the_serial()
    {
        var state = Scenario.Cluster();
        ClusterOperations.Modify(state, NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=private"));
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Private }, state.Cluster.DefaultNicParams);
        Assert.Equal("br0", state.Cluster.DefaultLinks[NicMode.Bridged]);
        Assert.Equal("eth0", state.Cluster.DefaultLinks[NicMode.Macvtap]);
        Assert.Equal(2, state.Cluster.Serial);

        // Back to bridged: the macvtap-only value goes, the recorded bridged link comes back.
        ClusterOperations.Modify(state, NicParamsParser.Parse("mode=bridged"));
        Assert.Equal(new NicParams { Mode = NicMode.Bridged, Link = "br0" }, state.Cluster.DefaultNicParams);

        ClusterOperations.Modify(state, NicParamsParser.Parse("link=br1,vlan=20"));
        Assert.Equal(new NicParams { Mode = NicMode.Bridged, Link = "br1", Vlan = 20 }, state.Cluster.DefaultNicParams);
        Assert.Equal("br1", state.Cluster.DefaultLinks[NicMode.Bridged]);
        Assert.Equal(4, state.Cluster.Serial);

        // The serial counts changes, not commands: the same values again change nothing.
        ClusterOperations.Modify(state, NicParamsParser.Parse("link=br1"));
        ClusterOperations.ModifyMacPrefix(state, state.Cluster.MacPrefix.ToUpperInvariant());
        ClusterOperations.Modify(state, NicParamsParser.Parse("vlan=20"), state.Cluster.MacPrefix);
        Assert.Equal(4, state.Cluster.Serial);
    }

    [Fact]
    public void Modify_of_defaults_and_mac_prefix_in_one_command_raises_the_serial_once()
    {
        var state = Scenario.Cluster();
        ClusterOperations.Modify(state, NicParamsParser.Parse("link=br1"), "52:54:00");
        Assert.Equal(("br1", "52:54:00", 2L), (state.Cluster.DefaultNicParams.Link, state.Cluster.MacPrefix, state.Cluster.Serial));
        ClusterOperations.Modify(state, null, "52:54:01");
        Assert.Equal(3, state.Cluster.Serial);
        // A bad prefix is refused before the defaults change.
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, NicParamsParser.Parse("link=br2"), "01:00:00"),
            Assert.ThrowsAny<Tapyard.Core.Errors.TapyardException>(() => Tapyard.Core.Addressing.MacPrefix.Parse("01:00:00")).Message);
    }

    [Fact]
    public void Modify_refuses_mvtap_mode_on_a_bridged_default_and_changes_nothing()
    {
        var state = Scenario.Cluster();
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, new NicParams { MvtapMode = MvtapMode.Vepa }), NicParamsRules.MvtapModeNeedsMacvtap);
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, new NicParams { Mode = NicMode.Routed, Vlan = 3 }),
            "vlan is not valid with mode=routed; use mode=openvswitch, bridged or macvtap, or drop vlan");
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, new NicParams { Link = "way-too-long-name" }),
            "invalid link 'way-too-long-name': it is 17 bytes long; device names hold at most 15 bytes");
        Unchanged.Fails(state, () => ClusterOperations.ModifyMacPrefix(state, "aa:00:0g"),
            "MAC prefix 'aa:00:0g': '0g' is not a two-digit hex octet; give three hex octets with an even first octet, e.g. aa:00:00");
    }

    [Fact]
    public void Instance_macs_come_from_the_new_cluster_prefix()
    {
        var state = Scenario.Seed();
        ClusterOperations.ModifyMacPrefix(state, "52:54:00");
        Assert.StartsWith("52:54:00:", Scenario.AddInstance(state, "i", "0:").Nics[0].Mac);
    }

    [Fact]
    public void Modify_refuses_defaults_that_break_inheriting_nics_or_connections()
    {
        var state = Scenario.Cluster("mode=macvtap,link=eth0");
        NodeOperations.Add(state, new NodeAddRequest { Name = "n1" });
        InstanceOperations.Add(state, Scenario.InstanceOn("n1", "inst1", "0:mvtap_mode=vepa"));
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, NicParamsParser.Parse("mode=bridged,link=br0")),
            "these defaults would break NIC 0 of instance inst1 (mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode); change that NIC or give other defaults");
        InstanceOperations.Remove(state, "inst1");

        NetworkOperations.Add(state, new NetworkAddRequest { Name = "net", Network = "10.0.0.0/24" });
        NetworkOperations.Connect(state, "net", "default", NicParamsParser.Parse("mvtap_mode=private"), true);
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, NicParamsParser.Parse("mode=routed,link=eth0")),
            "these defaults would break the connection of network net to node group default (mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode); give the values at the connection or other defaults");
        Unchanged.Fails(state, () => ClusterOperations.Modify(state, NicParamsParser.Parse("mode=openvswitch")),
            "these defaults would break the connection of network net to node group default (no link for mode=openvswitch: give link=DEVICE, or set a cluster default with 'cluster modify -N mode=openvswitch,link=DEVICE'); give the values at the connection or other defaults");
        ClusterOperations.Modify(state, NicParamsParser.Parse("link=eth1"));
        Assert.Equal("eth1", state.ConnectionsOf(state.GetNetwork("net")).Single().Effective.Link);
    }
}
