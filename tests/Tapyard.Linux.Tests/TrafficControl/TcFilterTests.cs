using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Linux.Tests.TrafficControl;

/// <summary>clsact qdiscs and eBPF filters over netlink, read back by Tapyard and by tc.</summary>
[Trait("Category", "Kernel")]
public sealed class TcFilterTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create("tcf");
    private readonly int _index;

    public TcFilterTests()
    {
        _ns.Netlink.Links.Create(new VethLinkSpec { Name = "v0", PeerName = "v0p", Up = true, DisableIpv6AddressGeneration = true });
        _index = _ns.Netlink.Links.Get("v0").Index;
    }

    public void Dispose() => _ns.Dispose();

    private TcFilterOperations Filters => _ns.Netlink.Filters;

    private static BpfProgram Load(string name) => BpfProgram.LoadSchedCls(name, VlanPrograms.DropTagged());

    [Fact]
    public void Ensure_clsact_adds_one_once()
    {
        Assert.Null(Filters.HookQdisc(_index));
        Filters.EnsureClsact(_index);
        Filters.EnsureClsact(_index);
        Assert.Equal("clsact", Filters.HookQdisc(_index));
        Assert.Single(Tc.QdiscKinds(_ns.Name, "v0"), "clsact");
        Assert.True(Filters.DeleteClsact(_index));
        Assert.False(Filters.DeleteClsact(_index));
        Assert.DoesNotContain("clsact", Tc.QdiscKinds(_ns.Name, "v0"));
    }

    [Fact]
    public void Attach_lists_and_replaces_in_place_at_one_priority()
    {
        Filters.EnsureClsact(_index);
        using var first = Load("ty_first");
        using var second = Load("ty_second");
        Filters.AttachBpf(_index, TcHook.Ingress, 10, first);
        Filters.AttachBpf(_index, TcHook.Egress, 10, first);
        Assert.Equal([new TcBpfFilter(TcHook.Ingress, 10, "ty_first", first.Id, true)], Filters.ListBpf(_index, TcHook.Ingress));
        Filters.AttachBpf(_index, TcHook.Ingress, 10, second);
        Assert.Equal([new TcBpfFilter(TcHook.Ingress, 10, "ty_second", second.Id, true)], Filters.ListBpf(_index, TcHook.Ingress));
        Assert.Equal([(10, "bpf", "ty_second")], Tc.Filters(_ns.Name, "v0", "ingress"));
        Assert.Equal([(10, "bpf", "ty_first")], Tc.Filters(_ns.Name, "v0", "egress"));
        Assert.True(Filters.DeleteFilter(_index, TcHook.Ingress, 10));
        Assert.False(Filters.DeleteFilter(_index, TcHook.Ingress, 10));
        Assert.Empty(Tc.Filters(_ns.Name, "v0", "ingress"));
        Assert.Single(Filters.ListBpf(_index, TcHook.Egress));
    }

    [Fact]
    public void Another_kind_of_filter_at_the_priority_is_replaced_too()
    {
        Filters.EnsureClsact(_index);
        Ip.RunProgram("tc", "-n", _ns.Name, "filter", "add", "dev", "v0", "ingress", "prio", "30", "protocol", "all",
            "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", "v0p");
        using var program = Load("ty_over_u32");
        Filters.AttachBpf(_index, TcHook.Ingress, 30, program);
        Assert.Equal([(30, "bpf", "ty_over_u32")], Tc.Filters(_ns.Name, "v0", "ingress"));
    }

    [Fact]
    public void An_admins_ingress_qdisc_is_kept_and_takes_ingress_filters_but_not_egress_ones()
    {
        Ip.RunProgram("tc", "-n", _ns.Name, "qdisc", "add", "dev", "v0", "ingress");
        Filters.EnsureClsact(_index);
        Assert.Equal("ingress", Filters.HookQdisc(_index));
        using var program = Load("ty_on_ingress");
        Filters.AttachBpf(_index, TcHook.Ingress, 10, program);
        Assert.Equal([(10, "bpf", "ty_on_ingress")], Tc.Filters(_ns.Name, "v0", "ingress"));
        var e = Assert.Throws<TrafficControlException>(() => Filters.AttachBpf(_index, TcHook.Egress, 10, program));
        Assert.Equal("cannot attach an egress filter to v0: it has an ingress qdisc, which has no egress hook; replace it with clsact "
            + "(`tc qdisc del dev v0 ingress`, then `tc qdisc add dev v0 clsact` and re-add its filters)", e.Message);
        Assert.Equal([(10, "bpf", "ty_on_ingress")], Tc.Filters(_ns.Name, "v0", "ingress"));
        Assert.False(Filters.DeleteFilter(_index, TcHook.Egress, 10));
        Assert.False(Filters.DeleteClsact(_index));
        Assert.Contains("ingress", Tc.QdiscKinds(_ns.Name, "v0"));
    }

    [Fact]
    public void A_filter_without_a_qdisc_or_a_device_is_one_clear_error()
    {
        using var program = Load("ty_nowhere");
        var e = Assert.Throws<TrafficControlException>(() => Filters.AttachBpf(_index, TcHook.Ingress, 10, program));
        Assert.Equal("cannot attach a filter to v0 ingress: it has no clsact qdisc; add one first (EnsureClsact, or `tc qdisc add dev v0 clsact`)", e.Message);
        Assert.False(Filters.DeleteFilter(_index, TcHook.Ingress, 10));
        Assert.Empty(Filters.ListBpf(_index, TcHook.Ingress));
        Assert.Throws<LinkNotFoundException>(() => Filters.EnsureClsact(99999));
        var gone = Assert.Throws<LinkNotFoundException>(() => Filters.AttachBpf(99999, TcHook.Ingress, 10, program));
        Assert.Equal("device with index 99999 does not exist", gone.Message);
        Assert.Throws<LinkNotFoundException>(() => Filters.ListBpf(99999, TcHook.Ingress));
        Assert.Throws<LinkNotFoundException>(() => Filters.DeleteFilter(99999, TcHook.Ingress, 10));
        Assert.DoesNotContain(Tc.QdiscKinds(_ns.Name, "v0"), kind => kind is "clsact" or "ingress");
    }
}
