using System.Globalization;
using System.Text.RegularExpressions;
using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Linux.Vlans;

/// <summary>
/// VLAN sub-interfaces ("P.V": VLAN V of parent P, untagged) in one namespace, reached as
/// <see cref="Rtnetlink.Vlans"/>. Where the kernel has the 802.1Q driver they are real vlan links;
/// where it has not (this project's machines), a veth pair: P.V, on which macvtaps stack, and a
/// hidden peer. What P.V sends arrives on the peer, whose ingress program tags it V and sends it
/// out of P; what P receives tagged V is untagged by P's ingress program (priority V, one per VLAN)
/// and sent out of the peer, so P.V receives it. Both kinds carry the alias "tapyard vlan V on P",
/// which marks them as Tapyard's and tells <see cref="Describe"/> the parent and VLAN.
/// </summary>
public sealed partial class VlanSubInterfaces
{
    private readonly Rtnetlink _netlink;

    internal VlanSubInterfaces(Rtnetlink netlink) => _netlink = netlink;

    /// <summary>The alias Tapyard gives sub-interface V of <paramref name="parent"/>.</summary>
    public static string AliasOf(string parent, ushort vlan) => $"tapyard vlan {vlan.ToString(CultureInfo.InvariantCulture)} on {parent}";

    /// <summary>
    /// Test seam: whether the namespace has the 802.1Q driver; null asks the kernel
    /// (/proc/thread-self/net/vlan exists inside the namespace).
    /// </summary>
    internal bool? Kernel8021QOverride { get; set; }

    /// <summary>
    /// Creates the sub-interface, up, with IPv6 address generation off; returns the sub-interface.
    /// The parent must exist; a device named <see cref="VlanSubInterfaceSpec.Name"/> must not
    /// (<see cref="LinkExistsException"/>: the caller decides whether to reuse it). On any failure
    /// what was made is removed again.
    /// </summary>
    public LinkInfo Create(VlanSubInterfaceSpec spec)
    {
        LinkName.Validate(spec.Name);
        LinkName.Validate(spec.PeerName);
        LinkName.Validate(spec.Parent);
        VlanPrograms.Validate(spec.Vlan, spec.Name);
        var parent = _netlink.Links.TryGet(spec.Parent) ?? throw new LowerDeviceMissingException(spec.Parent, spec.Name);
        if (HasKernel8021Q())
            return CreateKernelVlan(spec, parent);
        RefuseSecondSubInterface(spec);
        RefuseForeignParentFilter(parent, spec); // before anything is made: a refusal changes nothing
        return CreateVethPair(spec, parent);
    }

    /// <summary>
    /// One sub-interface per parent and VLAN, as the 802.1Q driver insists: a second one's parent
    /// filter would take the VLAN's frames away from the first. A taken name is LinkExistsException,
    /// so callers can reuse the device.
    /// </summary>
    private void RefuseSecondSubInterface(VlanSubInterfaceSpec spec)
    {
        if (_netlink.Links.TryGet(spec.Name) is not null)
            throw new LinkExistsException(spec.Name, LinuxErrno.EEXIST);
        var twin = _netlink.Links.List(new LinkFilter { Kind = LinkKinds.Veth })
            .Select(Describe)
            .FirstOrDefault(other => other is not null && other.Parent == spec.Parent && other.Vlan == spec.Vlan);
        if (twin is not null)
            throw new TapyardLinuxException(
                $"cannot create {spec.Name}: VLAN {spec.Vlan} of {spec.Parent} already has sub-interface {twin.Name}; use that one or delete it first", LinuxErrno.EEXIST);
    }

    /// <summary>
    /// Deletes sub-interface <paramref name="name"/>: for the veth backend, the parent's filter for
    /// its VLAN (when the parent still exists), then the veth (its peer goes with it); an 802.1Q link
    /// is simply deleted. A device that is neither is refused and left alone.
    /// </summary>
    public void Delete(string name)
    {
        var link = _netlink.Links.Get(name);
        var info = Describe(link) ?? throw new DeviceKindMismatchException(name, MacvtapSysfs.Describe(_netlink.Namespace), "VLAN sub-interface",
            "Tapyard deletes only 802.1Q links and the veth sub-interfaces it made (alias 'tapyard vlan V on P')");
        if (info.Backend == VlanBackend.TcBpf && info.Parent is { } parentName && _netlink.Links.TryGet(parentName) is { } parent)
            RemoveUntagFilter(parent.Index, info.Vlan);
        _netlink.Links.Delete(link.Index);
    }

    /// <summary>
    /// Recognizes a VLAN sub-interface in a link dump, without asking the kernel anything: an
    /// 802.1Q link (Tapyard's or not), or a veth carrying Tapyard's alias. Null for anything else.
    /// </summary>
    public static VlanSubInterfaceInfo? Describe(LinkInfo link)
    {
        var alias = link.Alias is { } text ? AliasPattern().Match(text) : null;
        bool ours = alias is { Success: true } && ushort.TryParse(alias.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        string? parent = ours ? alias!.Groups[2].Value : null;
        ushort? aliasVlan = ours ? ushort.Parse(alias!.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return link.Kind switch
        {
            LinkKinds.Vlan when link.VlanId is { } vlan =>
                new VlanSubInterfaceInfo(link.Name, parent, vlan, ours && aliasVlan == vlan, VlanBackend.Kernel8021Q, null, link.LowerIndex),
            LinkKinds.Veth when ours && aliasVlan is { } vlan and >= VlanPrograms.FirstVlan and <= VlanPrograms.LastVlan =>
                new VlanSubInterfaceInfo(link.Name, parent, vlan, true, VlanBackend.TcBpf, link.PeerIndex, null),
            _ => null,
        };
    }

    /// <summary>
    /// Whether Tapyard's veth sub-interface <paramref name="sub"/> still works on <paramref name="parent"/>:
    /// its alias names that parent, the parent's untag filter for its VLAN is there, and so is its peer
    /// with the tag filter. A crash between the steps of <see cref="Create"/>, or a parent deleted and
    /// made again (the new device has no filters), leaves one that carries no frames. An 802.1Q link,
    /// or anyone else's device, is taken as it is: true.
    /// </summary>
    public bool IsIntact(LinkInfo sub, LinkInfo parent)
    {
        if (Describe(sub) is not { Backend: VlanBackend.TcBpf } info)
            return true;
        if (info.Parent != parent.Name || info.PeerIndex is not { } peerIndex || _netlink.Links.TryGet(peerIndex) is null)
            return false;
        ushort priority = TcPriorities.ParentVlan(info.Vlan);
        return _netlink.Filters.ListBpf(parent.Index, TcHook.Ingress).Any(f => f.Priority == priority && f.Name == UntagProgramName(info.Vlan))
            && _netlink.Filters.ListBpf(peerIndex, TcHook.Ingress).Any(f => f.Priority == TcPriorities.Vlan && f.Name == TagProgramName(info.Vlan));
    }

    /// <summary>The name of the program tagging what sub-interface P.V sends (on its peer's ingress).</summary>
    public static string TagProgramName(ushort vlan) => $"ty_vtag_{vlan.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The name of the program untagging VLAN <paramref name="vlan"/> on a parent's ingress (priority <paramref name="vlan"/>).</summary>
    public static string UntagProgramName(ushort vlan) => $"ty_vuntag_{vlan.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The VLANs whose untag filter sits on <paramref name="parent"/>'s ingress although <paramref name="dump"/>
    /// holds no Tapyard sub-interface of that VLAN on it: someone deleted P.V by hand (the kernel keeps
    /// the parent's filter), so VLAN V's frames are redirected to a peer that is gone and dropped.
    /// One filter dump of the parent; a parent without clsact or ingress qdisc costs one qdisc lookup.
    /// </summary>
    public IReadOnlyList<ushort> OrphanUntagFilters(LinkInfo parent, IReadOnlyList<LinkInfo> dump)
    {
        if (_netlink.Filters.HookQdisc(parent.Index) is null)
            return [];
        var live = dump.Select(Describe).OfType<VlanSubInterfaceInfo>()
            .Where(info => info.Backend == VlanBackend.TcBpf && info.Parent == parent.Name)
            .Select(info => info.Vlan).ToHashSet();
        return _netlink.Filters.ListBpf(parent.Index, TcHook.Ingress)
            .Select(f => (Filter: f, Vlan: TcPriorities.VlanOfParentPriority(f.Priority)))
            .Where(x => x.Vlan is { } vlan && x.Filter.Name == UntagProgramName(vlan) && !live.Contains(vlan))
            .Select(x => x.Vlan!.Value).ToList();
    }

    /// <summary>Removes the untag filter of VLAN <paramref name="vlan"/> from <paramref name="parentIndex"/>'s ingress; false when there is none.</summary>
    public bool RemoveUntagFilter(int parentIndex, ushort vlan)
    {
        // Only ours: the filter at that priority must carry the untag program's name.
        ushort priority = TcPriorities.ParentVlan(vlan);
        return _netlink.Filters.ListBpf(parentIndex, TcHook.Ingress).Any(f => f.Priority == priority && f.Name == UntagProgramName(vlan))
            && _netlink.Filters.DeleteFilter(parentIndex, TcHook.Ingress, priority);
    }

    [GeneratedRegex(@"^tapyard vlan ([0-9]{1,4}) on (\S{1,15})$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    private bool HasKernel8021Q() =>
        Kernel8021QOverride ?? _netlink.Namespace.Run(() => Directory.Exists("/proc/thread-self/net/vlan"));

    private LinkInfo CreateKernelVlan(VlanSubInterfaceSpec spec, LinkInfo parent)
    {
        var link = _netlink.Links.Create(new VlanLinkSpec
        {
            Name = spec.Name, Lower = spec.Parent, LowerIndex = parent.Index, VlanId = spec.Vlan,
            Up = true, DisableIpv6AddressGeneration = true,
        });
        try
        {
            _netlink.Links.Change(link.Index, new LinkChange { Alias = AliasOf(spec.Parent, spec.Vlan) });
            return _netlink.Links.Get(link.Index);
        }
        catch (TapyardLinuxException)
        {
            DeleteQuietly(link.Index);
            throw;
        }
    }

    private LinkInfo CreateVethPair(VlanSubInterfaceSpec spec, LinkInfo parent)
    {
        // The sub-interface has its parent's MAC, as an 802.1Q sub-interface does; down until both
        // ends are configured and the programs are in place.
        var sub = _netlink.Links.Create(new VethLinkSpec
        {
            Name = spec.Name, PeerName = spec.PeerName, Mac = parent.Mac, Mtu = parent.Mtu, DisableIpv6AddressGeneration = true,
        });
        bool parentFilter = false;
        try
        {
            var peer = _netlink.Links.Get(spec.PeerName);
            _netlink.Links.Change(peer.Index, new LinkChange { Mtu = parent.Mtu, DisableIpv6AddressGeneration = true });
            _netlink.Links.Change(sub.Index, new LinkChange { Alias = AliasOf(spec.Parent, spec.Vlan) });

            _netlink.Filters.EnsureClsact(parent.Index);
            using (var untag = BpfProgram.LoadSchedCls(UntagProgramName(spec.Vlan), VlanPrograms.UntagAndRedirect(spec.Vlan, peer.Index)))
            {
                parentFilter = true;
                _netlink.Filters.AttachBpf(parent.Index, TcHook.Ingress, TcPriorities.ParentVlan(spec.Vlan), untag, replaceOtherKinds: false);
            }
            _netlink.Filters.EnsureClsact(peer.Index);
            using (var tag = BpfProgram.LoadSchedCls(TagProgramName(spec.Vlan), VlanPrograms.TagAndRedirect(spec.Vlan, parent.Index)))
                _netlink.Filters.AttachBpf(peer.Index, TcHook.Ingress, TcPriorities.Vlan, tag);

            _netlink.Links.Change(peer.Index, new LinkChange { Up = true });
            _netlink.Links.Change(sub.Index, new LinkChange { Up = true });
            return _netlink.Links.Get(sub.Index);
        }
        catch (TapyardLinuxException e)
        {
            var notes = new List<string>();
            if (parentFilter)
            {
                try { _netlink.Filters.DeleteFilter(parent.Index, TcHook.Ingress, TcPriorities.ParentVlan(spec.Vlan)); }
                catch (TapyardLinuxException cleanup) { notes.Add($"the filter at priority {spec.Vlan} on {spec.Parent} ingress could not be removed ({cleanup.Message})"); }
            }
            if (!DeleteQuietly(sub.Index))
                notes.Add($"{spec.Name} could not be deleted");
            e.WithNote(notes.Count == 0 ? $"{spec.Name} was deleted again" : string.Join("; ", notes));
            throw;
        }
    }

    /// <summary>Someone else's bpf filter at the parent priority of this VLAN is never replaced (a stale one of ours, named ty_vuntag_V, is).</summary>
    private void RefuseForeignParentFilter(LinkInfo parent, VlanSubInterfaceSpec spec)
    {
        ushort priority = TcPriorities.ParentVlan(spec.Vlan);
        if (_netlink.Filters.ListBpf(parent.Index, TcHook.Ingress).FirstOrDefault(f => f.Priority == priority) is { } other
            && other.Name != UntagProgramName(spec.Vlan))
            throw new TrafficControlException(
                $"cannot create {spec.Name}: {spec.Parent} already has an eBPF filter '{other.Name}' at ingress priority {priority}, where Tapyard untags VLAN {spec.Vlan}; move that filter to another priority");
    }

    private bool DeleteQuietly(int index)
    {
        try
        {
            _netlink.Links.Delete(index);
            return true;
        }
        catch (LinkNotFoundException)
        {
            return true;
        }
        catch (TapyardLinuxException)
        {
            return false;
        }
    }
}
