using Tapyard.Linux.Links;
using Tapyard.Node.Verify;

namespace Tapyard.Node.Tests;

/// <summary>
/// The checks that cannot be planted on this kernel (no 802.1Q: no VLAN sub-interface can exist), on
/// hand-built LinkInfo values as a dump would hold them.
/// </summary>
public sealed class VerifyAnalyzeTests
{
    private static readonly LinkInfo Eth0 = new() { Name = "eth0", Index = 2, Kind = LinkKinds.Veth };

    [Fact]
    public void A_vlan_with_nothing_on_it_and_no_master_is_reported_unused()
    {
        var idle = new LinkInfo { Name = "eth0.10", Index = 3, Kind = LinkKinds.Vlan, VlanId = 10, LowerIndex = 2 };
        var findings = NodeVerifier.Analyze([Eth0, idle], [], [], []);
        var f = Assert.Single(findings);
        Assert.Equal((VerifyFindingKind.UnusedVlan, "eth0.10"), (f.Kind, f.Device));
        Assert.Contains("VLAN 10 on eth0", f.Detail);
    }

    [Fact]
    public void A_vlan_under_a_macvtap_or_in_a_bridge_is_in_use()
    {
        var used = new LinkInfo { Name = "eth0.10", Index = 3, Kind = LinkKinds.Vlan, VlanId = 10, LowerIndex = 2 };
        var tap = new LinkInfo { Name = "guest0", Index = 4, Kind = LinkKinds.Macvtap, LowerIndex = 3 };
        var port = new LinkInfo { Name = "eth0.20", Index = 5, Kind = LinkKinds.Vlan, VlanId = 20, LowerIndex = 2, MasterIndex = 6 };
        var bridge = new LinkInfo { Name = "br20", Index = 6, Kind = LinkKinds.Bridge };
        Assert.Empty(NodeVerifier.Analyze([Eth0, used, tap, port, bridge], [], [], []));
    }

    [Fact]
    public void A_macvtap_on_a_lower_in_another_namespace_does_not_count_as_a_user_of_a_local_vlan()
    {
        var vlan = new LinkInfo { Name = "eth0.10", Index = 3, Kind = LinkKinds.Vlan, VlanId = 10, LowerIndex = 2 };
        var remote = new LinkInfo { Name = "guest0", Index = 4, Kind = LinkKinds.Macvtap, LowerIndex = 3, LowerNamespaceId = 1 };
        Assert.Equal(VerifyFindingKind.UnusedVlan, Assert.Single(NodeVerifier.Analyze([Eth0, vlan, remote], [], [], [])).Kind);
    }

    [Fact]
    public void Tapyards_veth_sub_interface_is_recognized_by_its_alias_and_reported_as_made_by_tapyard_only_when_unused()
    {
        var sub = new LinkInfo { Name = "eth0.10", Index = 3, Kind = LinkKinds.Veth, PeerIndex = 4, Alias = "tapyard vlan 10 on eth0" };
        var peer = new LinkInfo { Name = "tyvl2.10", Index = 4, Kind = LinkKinds.Veth, PeerIndex = 3 };
        var f = Assert.Single(NodeVerifier.Analyze([Eth0, sub, peer], [], [], []));
        Assert.Equal((VerifyFindingKind.UnusedVlan, "eth0.10"), (f.Kind, f.Device));
        Assert.Equal("VLAN 10 on eth0, made by Tapyard, has no macvtap on it any more", f.Detail);
        var tap = new LinkInfo { Name = "guest0", Index = 5, Kind = LinkKinds.Macvtap, LowerIndex = 3 };
        Assert.Empty(NodeVerifier.Analyze([Eth0, sub, peer, tap], [], [], []));
        // A veth without Tapyard's alias is nobody's VLAN: never reported, never removed.
        Assert.Empty(NodeVerifier.Analyze([Eth0, sub with { Alias = null }, peer], [], [], []));
    }

    [Fact]
    public void A_live_nic_whose_ifb_is_gone_is_reported_with_what_it_means()
    {
        var tap = new LinkInfo { Name = "tytap0", Index = 40, Kind = LinkKinds.Tun };
        var record = new NicRecord
        {
            Instance = "web1", InstanceUuid = Guid.NewGuid(), NicIndex = 0, NicUuid = Guid.NewGuid(), Mode = "bridged", Device = "tytap0",
            Ifindex = 40, Mac = "52:54:00:00:00:01", Node = "n1", CreatedAt = DateTimeOffset.UtcNow, Ifb = "ifbtytap0", SpoofTable = "tapyard_tytap0",
        };
        var f = Assert.Single(NodeVerifier.Analyze([Eth0, tap], [record], [], []));
        Assert.Equal((VerifyFindingKind.MissingIfb, "ifbtytap0"), (f.Kind, f.Device));
        Assert.Equal("ifb of tytap0 (NIC 0 of instance web1) is gone: its bandwidth limit is not applied and what the guest sends is dropped "
            + "(its anti-spoofing chain forwards to the ifb); plug the instance again (stop and start it)", f.Detail);
        var ifb = new LinkInfo { Name = "ifbtytap0", Index = 41, Kind = LinkKinds.Ifb };
        Assert.Empty(NodeVerifier.Analyze([Eth0, tap, ifb], [record], [], []));
    }
}
