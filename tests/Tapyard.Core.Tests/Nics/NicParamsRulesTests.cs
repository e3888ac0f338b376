using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Nics;

public sealed class NicParamsRulesTests
{
    private static Cluster ClusterWith(string defaults, params (NicMode Mode, string Link)[] links)
    {
        var config = ClusterOperations.Init(new ClusterInitRequest { NicParams = NicParamsParser.Parse(defaults) });
        foreach (var (mode, link) in links)
            config.Cluster.DefaultLinks[mode] = link;
        return config.Cluster;
    }

    private static NicParams P(string text) => NicParamsParser.Parse(text);

    [Fact]
    public void The_nic_wins_over_the_connection_which_wins_over_the_cluster()
    {
        var cluster = ClusterWith("mode=bridged,link=br0");
        var r = NicParamsRules.Resolve(P("mvtap_mode=private"), P("mode=macvtap,link=eth0,mvtap_mode=bridge"), cluster);
        Assert.Equal(new EffectiveNicParams(NicMode.Macvtap, "eth0", null, MvtapMode.Private, true, true, true, false), r);
    }

    [Fact]
    public void Macvtap_defaults_to_mvtap_mode_bridge()
    {
        var r = NicParamsRules.Resolve(NicParams.Empty, P("mode=macvtap,link=eth0"), ClusterWith("mode=bridged,link=br0"));
        Assert.Equal(MvtapMode.Bridge, r.MvtapMode);
        Assert.True(r.MvtapModeInherited);
    }

    [Fact]
    public void Without_a_network_the_cluster_defaults_apply()
    {
        var r = NicParamsRules.Resolve(NicParams.Empty, null, ClusterWith("mode=bridged,link=br0"));
        Assert.Equal(new EffectiveNicParams(NicMode.Bridged, "br0", null, null, true, true, true, true), r);
    }

    [Fact]
    public void A_link_of_another_mode_is_not_inherited_the_default_link_of_the_mode_is()
    {
        var cluster = ClusterWith("mode=bridged,link=br0", (NicMode.Macvtap, "eth0"));
        var r = NicParamsRules.Resolve(P("mode=macvtap"), null, cluster);
        Assert.Equal("eth0", r.Link);
        Assert.Equal(NicMode.Macvtap, r.Mode);
        Assert.False(r.ModeInherited);
        Assert.True(r.LinkInherited);
    }

    [Fact]
    public void No_link_anywhere_is_a_clear_error()
    {
        var cluster = ClusterWith("mode=bridged,link=br0");
        var error = Assert.ThrowsAny<TapyardException>(() => NicParamsRules.Resolve(P("mode=macvtap"), null, cluster));
        Assert.Equal("no link for mode=macvtap: give link=DEVICE, or set a cluster default with 'cluster modify -N mode=macvtap,link=DEVICE'", error.Message);
    }

    [Fact]
    public void Mvtap_mode_with_an_inherited_non_macvtap_mode_is_refused()
    {
        var cluster = ClusterWith("mode=bridged,link=br0");
        var error = Assert.ThrowsAny<TapyardException>(() => NicParamsRules.Resolve(P("mvtap_mode=vepa"), null, cluster));
        Assert.Equal(NicParamsRules.MvtapModeNeedsMacvtap, error.Message);
    }

    [Fact]
    public void Vlan_with_an_inherited_routed_mode_is_refused()
    {
        var cluster = ClusterWith("mode=routed,link=eth0");
        var error = Assert.ThrowsAny<TapyardException>(() => NicParamsRules.Resolve(P("vlan=10"), null, cluster));
        Assert.Equal("vlan is not valid with mode=routed; use mode=openvswitch, bridged or macvtap, or drop vlan", error.Message);
    }

    [Fact]
    public void Values_set_in_code_are_checked_too()
    {
        var cluster = ClusterWith("mode=bridged,link=br0");
        Assert.Equal("VLAN 9999 is out of range; use 1..4094",
            Assert.ThrowsAny<TapyardException>(() => NicParamsRules.Resolve(new NicParams { Vlan = 9999 }, null, cluster)).Message);
        Assert.Equal("invalid link 'has space': device names cannot contain 'whitespace'",
            Assert.ThrowsAny<TapyardException>(() => NicParamsRules.Resolve(new NicParams { Link = "has space" }, null, cluster)).Message);
    }
}
