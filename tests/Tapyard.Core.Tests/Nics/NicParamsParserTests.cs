using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Nics;

public sealed class NicParamsParserTests
{
    [Fact]
    public void Parses_the_seed_connection()
    {
        var p = NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge");
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Bridge }, p);
    }

    [Theory]
    [InlineData("mode=bridged", NicMode.Bridged)]
    [InlineData("mode=routed", NicMode.Routed)]
    [InlineData("mode=openvswitch", NicMode.OpenVswitch)]
    [InlineData("mode=macvtap", NicMode.Macvtap)]
    public void Parses_every_mode(string text, NicMode mode) => Assert.Equal(mode, NicParamsParser.Parse(text).Mode);

    [Theory]
    [InlineData("vepa", MvtapMode.Vepa)]
    [InlineData("bridge", MvtapMode.Bridge)]
    [InlineData("private", MvtapMode.Private)]
    [InlineData("passthru", MvtapMode.Passthru)]
    public void Parses_every_mvtap_mode(string text, MvtapMode mode) =>
        Assert.Equal(mode, NicParamsParser.Parse($"mode=macvtap,mvtap_mode={text}").MvtapMode);

    [Theory]
    [InlineData("mode=openvswitch,link=br-int,vlan=100", 100)]
    [InlineData("mode=bridged,vlan=1", 1)]
    [InlineData("mode=macvtap,link=eth0,vlan=4094", 4094)]
    [InlineData("vlan=.42", 42)]
    public void Vlan_1_to_4094_with_openvswitch_bridged_and_macvtap(string text, int vlan) =>
        Assert.Equal(vlan, NicParamsParser.Parse(text).Vlan);

    [Fact]
    public void Empty_text_gives_no_parameters() => Assert.Equal(NicParams.Empty, NicParamsParser.Parse(""));

    [Fact]
    public void Mvtap_mode_alone_is_left_to_the_inheritance_check() =>
        Assert.Equal(MvtapMode.Vepa, NicParamsParser.Parse("mvtap_mode=vepa").MvtapMode);

    [Theory]
    [InlineData("mode=bridged,link=br0,mvtap_mode=bridge", "mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode")]
    [InlineData("mode=openvswitch,mvtap_mode=vepa", "mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode")]
    [InlineData("mode=invalid,link=br0", "unknown NIC mode 'invalid'; use bridged, routed, openvswitch or macvtap")]
    [InlineData("mode=MACVTAP", "unknown NIC mode 'MACVTAP'; use bridged, routed, openvswitch or macvtap")]
    [InlineData("mode=macvtap,mvtap_mode=bridged", "unknown mvtap_mode 'bridged'; use vepa, bridge, private or passthru")]
    [InlineData("mode=openvswitch,vlan=0", "VLAN 0 is out of range; use 1..4094")]
    [InlineData("mode=openvswitch,vlan=4095", "VLAN 4095 is out of range; use 1..4094")]
    [InlineData("vlan=-3", "vlan '-3' is not a number; use 1..4094")]
    [InlineData("vlan=ten", "vlan 'ten' is not a number; use 1..4094")]
    [InlineData("mode=routed,link=eth0,vlan=5", "vlan is not valid with mode=routed; use mode=openvswitch, bridged or macvtap, or drop vlan")]
    [InlineData("mode=macvtap,link=averyveryverylong0", "invalid link 'averyveryverylong0': it is 18 bytes long; device names hold at most 15 bytes")]
    [InlineData("link=eth0:1", "invalid link 'eth0:1': device names cannot contain ':'")]
    [InlineData("link=a/b", "invalid link 'a/b': device names cannot contain '/'")]
    [InlineData("colour=blue", "unknown NIC parameter 'colour'; use mode, link, vlan, mvtap_mode, spoof_check, bw_in or bw_out")]
    [InlineData("mode=bridged,mode=routed", "NIC parameter 'mode' is given twice in 'mode=bridged,mode=routed'; give it once")]
    [InlineData("mode", "NIC parameter 'mode' in 'mode' is not key=value; write e.g. mode=macvtap,link=eth0")]
    [InlineData("link=", "NIC parameter 'link=' in 'link=' is not key=value; write e.g. mode=macvtap,link=eth0")]
    public void Refuses_bad_text(string text, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<TapyardException>(() => NicParamsParser.Parse(text)).Message);
}
