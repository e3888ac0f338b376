using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Linux.Vlans;

/// <summary>
/// A bridged tap as an access port of a VLAN, on a Linux bridge without VLAN filtering: what the
/// guest sends is tagged on the tap's ingress (the bridge then forwards it tagged, to the uplink
/// and to no port of another VLAN), and only that VLAN's frames reach the guest, untagged, through
/// the tap's egress. An untagged port drops tagged frames both ways, so a guest can neither hop
/// into a VLAN by tagging itself nor see other VLANs' traffic. Filters sit at
/// <see cref="TcPriorities.Vlan"/> on the tap's clsact, which they share with shaping.
/// </summary>
public static class VlanAccessPort
{
    /// <summary>Makes the tap an access port of <paramref name="vlan"/>, or (null) an untagged port; replaces an earlier setting.</summary>
    public static void Set(Rtnetlink netlink, int tapIndex, ushort? vlan)
    {
        var tap = netlink.Links.Get(tapIndex);
        if (vlan is { } id)
            VlanPrograms.Validate(id, tap.Name);
        netlink.Filters.EnsureClsact(tap.Index);
        try
        {
            using var toGuest = vlan is { } untagged
                ? BpfProgram.LoadSchedCls($"ty_auntag_{untagged}", VlanPrograms.UntagOnly(untagged))
                : BpfProgram.LoadSchedCls("ty_drop_tagged", VlanPrograms.DropTagged());
            // An untagged port runs the same program both ways: loaded once, attached twice (each filter holds its own reference).
            using var fromGuest = vlan is { } tagged ? BpfProgram.LoadSchedCls($"ty_atag_{tagged}", VlanPrograms.TagIngress(tagged)) : null;
            // Egress first: a guest never receives another VLAN's frames, even before its own are tagged.
            netlink.Filters.AttachBpf(tap.Index, TcHook.Egress, TcPriorities.Vlan, toGuest);
            netlink.Filters.AttachBpf(tap.Index, TcHook.Ingress, TcPriorities.Vlan, fromGuest ?? toGuest);
        }
        catch (TapyardLinuxException e)
        {
            try
            {
                Clear(netlink, tap.Index);
                e.WithNote($"{tap.Name} was left without VLAN filters");
            }
            catch (TapyardLinuxException cleanup)
            {
                e.WithNote($"removing {tap.Name}'s VLAN filters failed too: {cleanup.Message}");
            }
            throw;
        }
    }

    /// <summary>Removes the tap's VLAN filters (both hooks); other filters and the clsact stay.</summary>
    public static void Clear(Rtnetlink netlink, int tapIndex)
    {
        netlink.Filters.DeleteFilter(tapIndex, TcHook.Ingress, TcPriorities.Vlan);
        netlink.Filters.DeleteFilter(tapIndex, TcHook.Egress, TcPriorities.Vlan);
    }
}
