using Tapyard.Core.Errors;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Nics;

public sealed class NicRequestParserTests
{
    [Fact]
    public void Parses_a_network_nic()
    {
        var r = NicRequestParser.Parse("0:network=vtap-net,ip=pool,mac=generate,name=eth0");
        Assert.Equal(new NicRequest { Index = 0, Network = "vtap-net", Ip = "pool", Mac = "generate", Name = "eth0" }, r);
    }

    [Fact]
    public void Parses_a_nic_with_its_own_parameters_and_canonical_values()
    {
        var r = NicRequestParser.Parse("1:mode=macvtap,link=eth1,mvtap_mode=private,vlan=7,mac=AA:00:00:0A:0B:0C,ip=10.0.0.5");
        Assert.Equal(NicRequestAction.Set, r.Action);
        Assert.Equal(1, r.Index);
        Assert.Equal(new NicParams { Mode = NicMode.Macvtap, Link = "eth1", MvtapMode = MvtapMode.Private, Vlan = 7 }, r.Params);
        Assert.Equal("aa:00:00:0a:0b:0c", r.Mac);
        Assert.Equal("10.0.0.5", r.Ip);
    }

    [Fact]
    public void Ip_none_means_no_address() => Assert.Null(NicRequestParser.Parse("0:network=n,ip=none").Ip);

    [Fact]
    public void Mac_auto_means_generate() => Assert.Equal(NicRequest.Generate, NicRequestParser.Parse("0:mac=auto").Mac);

    [Fact]
    public void Parses_modify_add_and_remove()
    {
        Assert.Equal(new NicRequest { Action = NicRequestAction.Add, Network = "vtap-net" }, NicRequestParser.Parse("add:network=vtap-net"));
        Assert.Equal(new NicRequest { Action = NicRequestAction.Add }, NicRequestParser.Parse("add"));
        Assert.Equal(new NicRequest { Action = NicRequestAction.Add, Index = 1, Network = "n" }, NicRequestParser.Parse("1:add,network=n"));
        Assert.Equal(new NicRequest { Action = NicRequestAction.Remove, Index = 2 }, NicRequestParser.Parse("remove:2"));
        Assert.Equal(new NicRequest { Action = NicRequestAction.Remove, Index = 0 }, NicRequestParser.Parse("0:remove"));
        Assert.Equal(new NicRequest { Action = NicRequestAction.Remove }, NicRequestParser.Parse("remove"));   // Ganeti's: the last NIC
    }

    [Fact]
    public void An_index_alone_is_a_nic_with_defaults() => Assert.Equal(new NicRequest { Index = 0 }, NicRequestParser.Parse("0:"));

    [Theory]
    [InlineData("network=vtap-net", "--net 'network=vtap-net' has no NIC index; write IDX:network=NET,... or add:... or remove:IDX")]
    [InlineData("x:network=n", "'x' in --net 'x:network=n' is not a NIC index; use 0, 1, ...")]
    [InlineData("remove:last", "'last' in --net 'remove:last' is not a NIC index; use 0, 1, ...")]
    [InlineData("0:network=n,speed=10", "unknown NIC option 'speed' in --net '0:network=n,speed=10'; use network, ip, mac, name, mode, link, vlan, mvtap_mode, spoof_check, bw_in or bw_out")]
    [InlineData("0:network=n,ip=10.0.0.256", "'10.0.0.256' is not an IPv4 address; give ip=pool or ip=A.B.C.D")]
    [InlineData("0:network=n,ip=2001:db8::1", "'2001:db8::1' is not an IPv4 address; give ip=pool or ip=A.B.C.D")]
    [InlineData("0:mac=aa:00:00:12:34", "invalid MAC address 'aa:00:00:12:34': it has 5 octets, not 6; use six hex octets like aa:00:00:12:34:56 or mac=generate")]
    [InlineData("0:mac=01:00:00:12:34:56", "invalid MAC address '01:00:00:12:34:56': it is a multicast address (the first octet is odd); a device needs a unicast address; use six hex octets like aa:00:00:12:34:56 or mac=generate")]
    [InlineData("0:mac=zz:00:00:12:34:56", "invalid MAC address 'zz:00:00:12:34:56': 'zz' is not a hex octet; use six hex octets like aa:00:00:12:34:56 or mac=generate")]
    [InlineData("0:mode=bridged,mvtap_mode=vepa", "mvtap_mode is only valid with mode=macvtap; add mode=macvtap or drop mvtap_mode")]
    [InlineData("0:mode=fancy", "unknown NIC mode 'fancy'; use bridged, routed, openvswitch or macvtap")]
    [InlineData("0:vlan=5000", "VLAN 5000 is out of range; use 1..4094")]
    [InlineData("0:link=sixteen-bytes-xx", "invalid link 'sixteen-bytes-xx': it is 16 bytes long; device names hold at most 15 bytes")]
    public void Refuses_bad_text(string text, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<TapyardException>(() => NicRequestParser.Parse(text)).Message);
}
