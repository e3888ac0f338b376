using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.Tests.Tap;
using Tapyard.Linux.TrafficControl;
using Tapyard.Linux.Vlans;

namespace Tapyard.Linux.Tests.Vlans;

/// <summary>
/// Bridged taps as access ports on a bridge without VLAN filtering: guest A on VLAN 10, guest B on
/// VLAN 20, guest C untagged, and a trunk tap "up" standing for the uplink; frames written to and
/// read from the taps' fds, as the guests would.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VlanAccessPortTests : IDisposable
{
    private const string Bridge = "br0";
    private readonly TestNamespace _ns = TestNamespace.Create("vlacc");
    private readonly List<TapQueueSet> _taps = [];
    private readonly TapQueue _a, _b, _c, _up;

    public VlanAccessPortTests()
    {
        try
        {
            _ns.Netlink.Links.Create(new BridgeLinkSpec { Name = Bridge, Up = true, DisableIpv6AddressGeneration = true });
            _a = Add("tapa");
            _b = Add("tapb");
            _c = Add("tapc");
            _up = Add("up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var tap in _taps)
            tap.Dispose();
        _ns.Dispose();
    }

    private TapQueue Add(string name)
    {
        var tap = VlanLab.AddBridgeTap(_ns, name, Bridge);
        _taps.Add(tap);
        return tap[0];
    }

    private int Index(string name) => _ns.Netlink.Links.Get(name).Index;

    private void SetPorts()
    {
        VlanAccessPort.Set(_ns.Netlink, Index("tapa"), 10);
        VlanAccessPort.Set(_ns.Netlink, Index("tapb"), 20);
        VlanAccessPort.Set(_ns.Netlink, Index("tapc"), null);
    }

    private static string Marker(string what) => $"{what}-{Guid.NewGuid():N}";

    private static void Send(TapQueue from, ushort? vlan, string marker) => from.WriteFrame(vlan is { } id
        ? EthernetFrame.TaggedMarked(EthernetFrame.Broadcast, VlanLab.Guest, id, marker)
        : EthernetFrame.Marked(EthernetFrame.Broadcast, VlanLab.Guest, marker));

    private static int? ArrivesWith(TapQueue at, string marker)
    {
        var frame = at.WaitFor(marker, QueueReading.Arrival);
        Assert.True(frame is not null, $"{marker} did not reach {at.Device}");
        return EthernetFrame.VlanOf(frame);
    }

    private static void NeverReaches(string marker, params TapQueue[] taps)
    {
        foreach (var tap in taps)
            Assert.True(tap.WaitFor(marker, QueueReading.Absence) is null, $"{marker} reached {tap.Device}");
    }

    [Fact]
    public void Each_port_reaches_the_uplink_in_its_vlan_and_no_other_port()
    {
        SetPorts();
        string fromA = Marker("a"), fromB = Marker("b"), fromC = Marker("c");
        Send(_a, null, fromA);
        Assert.Equal(10, ArrivesWith(_up, fromA));
        Send(_b, null, fromB);
        Assert.Equal(20, ArrivesWith(_up, fromB));
        Send(_c, null, fromC);
        Assert.Null(ArrivesWith(_up, fromC));
        NeverReaches(fromA, _b, _c);
        NeverReaches(fromB, _a, _c);
        NeverReaches(fromC, _a, _b);
    }

    [Fact]
    public void Frames_from_the_uplink_reach_only_their_vlans_port_untagged()
    {
        SetPorts();
        string to10 = Marker("to10"), to20 = Marker("to20"), plain = Marker("plain");
        Send(_up, 10, to10);
        Send(_up, 20, to20);
        Send(_up, null, plain);
        Assert.Null(ArrivesWith(_a, to10));
        Assert.Null(ArrivesWith(_b, to20));
        Assert.Null(ArrivesWith(_c, plain));
        NeverReaches(to10, _b, _c);
        NeverReaches(to20, _a, _c);
        NeverReaches(plain, _a, _b);
    }

    [Fact]
    public void A_guest_cannot_tag_itself_into_a_vlan()
    {
        SetPorts();
        string hop = Marker("hop"), doubleTag = Marker("qinq");
        Send(_c, 10, hop);          // untagged port, self-tagged 10
        Send(_a, 20, doubleTag);    // VLAN 10 port, self-tagged 20: dropped at the port, as an access port does
        NeverReaches(hop, _up, _a, _b);
        NeverReaches(doubleTag, _up, _b, _c);
    }

    [Fact]
    public void Clear_removes_only_the_vlan_filters_and_set_again_replaces()
    {
        SetPorts();
        VlanAccessPort.Set(_ns.Netlink, Index("tapa"), 30);
        Assert.Equal([(10, "bpf", "ty_atag_30")], Tc.Filters(_ns.Name, "tapa", "ingress"));
        Assert.Equal([(10, "bpf", "ty_auntag_30")], Tc.Filters(_ns.Name, "tapa", "egress"));
        Assert.Equal([(10, "bpf", "ty_drop_tagged")], Tc.Filters(_ns.Name, "tapc", "egress"));
        VlanAccessPort.Clear(_ns.Netlink, Index("tapa"));
        Assert.Empty(Tc.Filters(_ns.Name, "tapa", "ingress"));
        Assert.Empty(Tc.Filters(_ns.Name, "tapa", "egress"));
        Assert.Contains("clsact", Tc.QdiscKinds(_ns.Name, "tapa"));
        string free = Marker("free");
        Send(_a, null, free);
        Assert.Null(ArrivesWith(_up, free));
    }

    [Fact]
    public void Shaping_and_the_vlan_filters_share_the_tap_and_both_work()
    {
        VlanAccessPort.Set(_ns.Netlink, Index("tapa"), 10);
        // Inbound shaping of a tap is what the guest sends: its ingress, through ifbtapa.
        DeviceShaping.Set(_ns.Netlink, "tapa", egress: null, ingress: new ShapingRate(10_000_000, null, 64 * 1024), redirectIngress: true);
        var filters = Tc.Filters(_ns.Name, "tapa", "ingress");
        Assert.Contains((10, "bpf", "ty_atag_10"), filters);
        Assert.Contains(filters, f => f.Priority == TcPriorities.Shaping && f.Kind == "u32");
        long shapedBefore = IfbPackets();
        string shaped = Marker("shaped");
        Send(_a, null, shaped);
        Assert.Equal(10, ArrivesWith(_up, shaped));
        Assert.True(IfbPackets() > shapedBefore, "the frame did not pass the ifb: the shaping filter did not run after the VLAN filter");

        DeviceShaping.Clear(_ns.Netlink, "tapa");
        Assert.Equal([(10, "bpf", "ty_atag_10")], Tc.Filters(_ns.Name, "tapa", "ingress"));
        Assert.Null(_ns.Netlink.Links.TryGet("ifbtapa"));
        string after = Marker("after");
        Send(_a, null, after);
        Assert.Equal(10, ArrivesWith(_up, after));
    }

    private long IfbPackets() =>
        long.Parse(_ns.Namespace.Run(() => File.ReadAllText("/sys/class/net/ifbtapa/statistics/tx_packets")).Trim());

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void A_vlan_out_of_range_is_refused_and_nothing_changes(int vlan)
    {
        var e = Assert.Throws<InvalidVlanIdException>(() => VlanAccessPort.Set(_ns.Netlink, Index("tapa"), (ushort)vlan));
        Assert.Equal($"VLAN id {vlan} for tapa is out of range; use 1..4094", e.Message);
        Assert.DoesNotContain("clsact", Tc.QdiscKinds(_ns.Name, "tapa"));
    }

    [Fact]
    public void A_missing_tap_is_refused()
    {
        var e = Assert.Throws<LinkNotFoundException>(() => VlanAccessPort.Set(_ns.Netlink, 99999, 10));
        Assert.Equal("device with index 99999 does not exist", e.Message);
    }
}
