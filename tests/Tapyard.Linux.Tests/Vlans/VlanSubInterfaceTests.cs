using System.Text.Json;
using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.Tests.Tap;
using Tapyard.Linux.TrafficControl;
using Tapyard.Linux.Vlans;

namespace Tapyard.Linux.Tests.Vlans;

/// <summary>
/// VLAN sub-interfaces made of a veth pair and tc programs (this kernel has no 802.1Q driver),
/// checked with real frames between the node's sub-interfaces and the far end of its trunk.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class VlanSubInterfaceTests(Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    private readonly Xunit.Abstractions.ITestOutputHelper _log = log;
    private readonly VlanLab _lab = VlanLab.Create("vlsub");

    public void Dispose() => _lab.Dispose();

    private VlanSubInterfaces Vlans => _lab.Node.Netlink.Vlans;
    private LinkOperations Links => _lab.Node.Netlink.Links;

    private LinkInfo Create(ushort vlan) => Vlans.Create(new VlanSubInterfaceSpec(VlanLab.Uplink, vlan, $"eth0.{vlan}", $"tyvl{vlan}p"));

    private PacketSocket Watch(string device) => PacketSocket.Open(_lab.Node.Namespace, device);

    private static string Marker(string what) => $"{what}-{Guid.NewGuid():N}";

    [Fact]
    public void A_macvlan_on_the_sub_interface_sends_tagged_and_receives_its_vlan_untagged()
    {
        var sub = Create(10);
        Links.Create(new MacvlanLinkSpec { Name = "mv10", Lower = "eth0.10", Mode = MacvlanMode.Bridge, Mac = VlanLab.Guest, Up = true, DisableIpv6AddressGeneration = true });
        Links.Create(new MacvlanLinkSpec { Name = "mv0", Lower = "eth0", Mode = MacvlanMode.Bridge, Mac = MacAddress.Parse("52:54:00:0a:00:02"), Up = true, DisableIpv6AddressGeneration = true });
        using var guest = Watch("mv10");
        using var plain = Watch("mv0");

        // (a) out: tagged 10 on the trunk.
        string outbound = Marker("out");
        guest.Send(EthernetFrame.Marked(EthernetFrame.Broadcast, VlanLab.Guest, outbound));
        Assert.Equal((true, 10), _lab.AtSwitch(outbound));

        // (b) in: tagged 10 arrives untagged; tagged 20 does not arrive; untagged goes to eth0's own users.
        string tagged10 = Marker("in10"), tagged20 = Marker("in20"), untagged = Marker("in0");
        _lab.SendFromSwitch(10, tagged10);
        _lab.SendFromSwitch(20, tagged20);
        _lab.SendFromSwitch(null, untagged);
        var received = guest.WaitFor(tagged10, QueueReading.Arrival);
        Assert.NotNull(received);
        Assert.Null(EthernetFrame.VlanOf(received));
        Assert.Empty(guest.CollectMatching(tagged20, QueueReading.Absence));
        Assert.Empty(guest.CollectMatching(untagged, QueueReading.Absence));
        Assert.NotNull(plain.WaitFor(untagged, QueueReading.Arrival));
        Assert.Empty(plain.CollectMatching(tagged10, QueueReading.Absence));
        Assert.Equal(VlanBackend.TcBpf, VlanSubInterfaces.Describe(sub)!.Backend);
    }

    [Fact]
    public void A_guest_on_a_macvtap_over_the_sub_interface_is_on_the_vlan()
    {
        Create(10);
        using var guest = _lab.AddMacvtapGuest("vtap10", "eth0.10");
        string outbound = Marker("vtap-out"), inbound = Marker("vtap-in"), other = Marker("vtap-other");
        guest[0].WriteFrame(EthernetFrame.Marked(EthernetFrame.Broadcast, VlanLab.Guest, outbound));
        Assert.Equal((true, 10), _lab.AtSwitch(outbound));
        _lab.SendFromSwitch(10, inbound);
        _lab.SendFromSwitch(20, other);
        var received = guest[0].WaitFor(inbound, QueueReading.Arrival);
        Assert.NotNull(received);
        Assert.Null(EthernetFrame.VlanOf(received));
        Assert.Null(guest[0].WaitFor(other, QueueReading.Absence));
    }

    [Fact]
    public void Two_vlans_on_one_parent_each_get_only_their_own_and_delete_leaves_the_other_working()
    {
        Create(10);
        Create(20);
        using var ten = Watch("eth0.10");
        using var twenty = Watch("eth0.20");
        string for10 = Marker("v10"), for20 = Marker("v20");
        _lab.SendFromSwitch(10, for10);
        _lab.SendFromSwitch(20, for20);
        Assert.NotNull(ten.WaitFor(for10, QueueReading.Arrival));
        Assert.NotNull(twenty.WaitFor(for20, QueueReading.Arrival));
        Assert.Empty(ten.CollectMatching(for20, QueueReading.Absence));
        Assert.Empty(twenty.CollectMatching(for10, QueueReading.Absence));
        string from20 = Marker("from20");
        twenty.Send(EthernetFrame.Marked(EthernetFrame.Broadcast, VlanLab.Guest, from20));
        Assert.Equal((true, 20), _lab.AtSwitch(from20));

        // (d) delete .10: its pair and its parent filter go, .20 keeps working.
        Vlans.Delete("eth0.10");
        Assert.False(Ip.LinkExists(_lab.Node.Name, "eth0.10"));
        Assert.False(Ip.LinkExists(_lab.Node.Name, "tyvl10p"));
        Assert.Equal([((int)TcPriorities.ParentVlan(20), "bpf", "ty_vuntag_20")], Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
        string again = Marker("again20");
        _lab.SendFromSwitch(20, again);
        Assert.NotNull(twenty.WaitFor(again, QueueReading.Arrival));
        var e = Assert.Throws<LinkNotFoundException>(() => Vlans.Delete("eth0.10"));
        Assert.Equal("device eth0.10 does not exist", e.Message);
    }

    [Fact]
    public void Iproute2_sees_the_pair_its_alias_and_the_filters()
    {
        var sub = Create(10);
        var parent = Ip.Link(_lab.Node.Name, "eth0");
        var link = Ip.Link(_lab.Node.Name, "eth0.10");
        Assert.Equal("veth", link.String("linkinfo", "info_kind"));
        Assert.Equal("tyvl10p", link.String("link"));
        Assert.Equal("tapyard vlan 10 on eth0", link.String("ifalias"));
        Assert.Equal(parent.String("address"), link.String("address"));
        Assert.Equal(parent.Int("mtu"), link.Int("mtu"));
        Assert.Equal(parent.Int("mtu"), Ip.Link(_lab.Node.Name, "tyvl10p").Int("mtu"));
        Assert.Contains("UP", link.Flags());
        Assert.Equal("none", link.String("inet6_addr_gen_mode"));
        Assert.Empty(IpLinks.Ipv6Addresses(_lab.Node.Name, "eth0.10"));
        Assert.Equal([((int)TcPriorities.ParentVlan(10), "bpf", "ty_vuntag_10")], Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
        Assert.Equal([(10, "bpf", "ty_vtag_10")], Tc.Filters(_lab.Node.Name, "tyvl10p", "ingress"));

        Assert.Equal("tapyard vlan 10 on eth0", sub.Alias);
        var info = VlanSubInterfaces.Describe(sub);
        Assert.Equal(new VlanSubInterfaceInfo("eth0.10", "eth0", 10, true, VlanBackend.TcBpf, Links.Get("tyvl10p").Index, null), info);
        Assert.Equal(info, VlanSubInterfaces.Describe(Links.List().Single(l => l.Name == "eth0.10")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void A_vlan_out_of_range_is_refused_and_nothing_changes(int vlan)
    {
        var before = IpLinks.Names(_lab.Node.Name);
        var e = Assert.Throws<InvalidVlanIdException>(() => Create((ushort)vlan));
        Assert.Equal($"VLAN id {vlan} for eth0.{vlan} is out of range; use 1..4094", e.Message);
        AssertUnchanged(before);
    }

    [Fact]
    public void Someone_elses_filter_at_the_vlans_parent_priority_is_refused_and_kept()
    {
        var parent = Links.Get(VlanLab.Uplink);
        _lab.Node.Netlink.Filters.EnsureClsact(parent.Index);
        using (var theirs = BpfProgram.LoadSchedCls("admin_prog", VlanPrograms.DropTagged()))
            _lab.Node.Netlink.Filters.AttachBpf(parent.Index, TcHook.Ingress, TcPriorities.ParentVlan(10), theirs);
        var before = IpLinks.Names(_lab.Node.Name);

        var e = Assert.Throws<TrafficControlException>(() => Create(10));
        Assert.Equal($"cannot create eth0.10: eth0 already has an eBPF filter 'admin_prog' at ingress priority {TcPriorities.ParentVlan(10)}, where Tapyard untags VLAN 10; move that filter to another priority", e.Message);
        Assert.Equal(before, IpLinks.Names(_lab.Node.Name));
        Assert.Equal([((int)TcPriorities.ParentVlan(10), "bpf", "admin_prog")], Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
        // Removing "VLAN 10's filter" never removes theirs either.
        Assert.False(Vlans.RemoveUntagFilter(parent.Index, 10));
        Assert.Single(Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
    }

    [Fact]
    public void A_missing_parent_a_long_name_or_a_taken_name_is_refused_and_nothing_changes()
    {
        var before = IpLinks.Names(_lab.Node.Name);
        var missing = Assert.Throws<LowerDeviceMissingException>(() => Vlans.Create(new VlanSubInterfaceSpec("eth9", 10, "eth9.10", "tyvl10p")));
        Assert.Equal("lower device eth9 does not exist (needed by eth9.10); create it or pick an existing link", missing.Message);
        var tooLong = Assert.Throws<InvalidLinkNameException>(() => Vlans.Create(new VlanSubInterfaceSpec("eth0", 10, "averyverylongname.10", "tyvl10p")));
        Assert.Equal("invalid device name 'averyverylongname.10': it is 20 bytes long; device names hold at most 15 bytes", tooLong.Message);
        AssertUnchanged(before);

        Links.Create(new VethLinkSpec { Name = "eth0.30", PeerName = "other30" });
        before = IpLinks.Names(_lab.Node.Name);
        var taken = Assert.Throws<LinkExistsException>(() => Create(30));
        Assert.Equal("device eth0.30 already exists; choose another name or delete it first", taken.Message);
        AssertUnchanged(before);
        Create(40);
        before = IpLinks.Names(_lab.Node.Name);
        var twin = Assert.Throws<TapyardLinuxException>(() => Vlans.Create(new VlanSubInterfaceSpec("eth0", 40, "vlan40", "tyvl40q")));
        Assert.Equal("cannot create vlan40: VLAN 40 of eth0 already has sub-interface eth0.40; use that one or delete it first", twin.Message);
        Assert.Equal(before, IpLinks.Names(_lab.Node.Name));
        Assert.Equal([((int)TcPriorities.ParentVlan(40), "bpf", "ty_vuntag_40")], Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
        var notOurs = Assert.Throws<DeviceKindMismatchException>(() => Vlans.Delete("eth0.30"));
        Assert.Equal($"device eth0.30 in network namespace {_lab.Node.Name} is not a VLAN sub-interface; "
            + "Tapyard deletes only 802.1Q links and the veth sub-interfaces it made (alias 'tapyard vlan V on P')", notOurs.Message);
        Assert.True(Ip.LinkExists(_lab.Node.Name, "eth0.30"));
    }

    [Fact]
    public void Where_the_kernel_has_8021q_a_vlan_link_is_made_and_this_kernels_refusal_is_clear()
    {
        // The 802.1Q backend, forced on: this kernel lacks the driver, so the create fails cleanly.
        Vlans.Kernel8021QOverride = true;
        var before = IpLinks.Names(_lab.Node.Name);
        var e = Assert.Throws<KernelFeatureMissingException>(() => Create(10));
        Assert.Equal("cannot create eth0.10: this kernel has no 802.1Q VLAN devices (CONFIG_VLAN_8021Q is neither built in nor loadable)", e.Message);
        AssertUnchanged(before);
    }

    [Fact]
    public void Create_and_delete_times()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (ushort vlan = 101; vlan <= 110; vlan++)
            Create(vlan);
        var created = clock.Elapsed;
        clock.Restart();
        for (ushort vlan = 101; vlan <= 110; vlan++)
            Vlans.Delete($"eth0.{vlan}");
        var deleted = clock.Elapsed;
        _log.WriteLine($"10 sub-interfaces: create {created.TotalMilliseconds / 10:F1} ms each, delete {deleted.TotalMilliseconds / 10:F1} ms each");
        Assert.Empty(Tc.Filters(_lab.Node.Name, "eth0", "ingress"));
        Assert.DoesNotContain(IpLinks.Names(_lab.Node.Name), name => name.StartsWith("eth0.", StringComparison.Ordinal) || name.StartsWith("tyvl", StringComparison.Ordinal));
    }

    private void AssertUnchanged(IReadOnlyList<string> linksBefore)
    {
        Assert.Equal(linksBefore, IpLinks.Names(_lab.Node.Name));
        Assert.Empty(_lab.Node.Netlink.Filters.ListBpf(Links.Get("eth0").Index, TcHook.Ingress));
    }
}
