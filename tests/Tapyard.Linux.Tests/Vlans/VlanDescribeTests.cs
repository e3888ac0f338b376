using Tapyard.Linux.Links;
using Tapyard.Linux.Vlans;

namespace Tapyard.Linux.Tests.Vlans;

/// <summary>Recognizing VLAN sub-interfaces in a link dump, from the kind and Tapyard's alias alone.</summary>
public sealed class VlanDescribeTests
{
    private static LinkInfo Link(string name, string kind, string? alias = null, ushort? vlanId = null, int? lower = null, int? peer = null) =>
        new() { Name = name, Index = 40, Kind = kind, Alias = alias, VlanId = vlanId, LowerIndex = lower, PeerIndex = peer };

    [Fact]
    public void A_veth_with_tapyards_alias_is_a_tc_bpf_sub_interface()
    {
        Assert.Equal("tapyard vlan 10 on eth0", VlanSubInterfaces.AliasOf("eth0", 10));
        Assert.Equal(new VlanSubInterfaceInfo("eth0.10", "eth0", 10, true, VlanBackend.TcBpf, 41, null),
            VlanSubInterfaces.Describe(Link("eth0.10", LinkKinds.Veth, "tapyard vlan 10 on eth0", peer: 41)));
    }

    [Fact]
    public void An_8021q_link_is_one_with_or_without_the_alias()
    {
        Assert.Equal(new VlanSubInterfaceInfo("eth0.7", "eth0", 7, true, VlanBackend.Kernel8021Q, null, 2),
            VlanSubInterfaces.Describe(Link("eth0.7", LinkKinds.Vlan, "tapyard vlan 7 on eth0", vlanId: 7, lower: 2)));
        Assert.Equal(new VlanSubInterfaceInfo("admin.7", null, 7, false, VlanBackend.Kernel8021Q, null, 2),
            VlanSubInterfaces.Describe(Link("admin.7", LinkKinds.Vlan, "uplink to rack 3", vlanId: 7, lower: 2)));
    }

    [Theory]
    [InlineData(LinkKinds.Veth, null)]
    [InlineData(LinkKinds.Veth, "tapyard vlan 0 on eth0")]
    [InlineData(LinkKinds.Veth, "tapyard vlan 4095 on eth0")]
    [InlineData(LinkKinds.Veth, "tapyard vlan 10 on eth0 and more")]
    [InlineData(LinkKinds.Veth, "someone's vlan 10 on eth0")]
    [InlineData(LinkKinds.Macvtap, "tapyard vlan 10 on eth0")]
    public void Anything_else_is_not_a_sub_interface(string kind, string? alias) =>
        Assert.Null(VlanSubInterfaces.Describe(Link("x", kind, alias)));
}
