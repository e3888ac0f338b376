using System.Globalization;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Linux.TrafficControl;

/// <summary>
/// Rate limits on one device, both directions, with the kernel's tc:
/// egress (what the device transmits) → root HTB qdisc with one class 1:1 (rate, ceil = peak, burst);
/// ingress (what the device receives) → a u32 match-all filter on the device's clsact ingress, at
/// <see cref="TcPriorities.Shaping"/>, redirects every frame (mirred) to an ifb device, which shapes
/// it with the same HTB on its egress and hands it back to the device's receive path. The clsact is
/// shared with the VLAN filters (<see cref="TcPriorities.Vlan"/>, which run first), so only the
/// shaping filter is ever removed here, never the qdisc. This kernel has no police action, flower or matchall (PLATFORM.md),
/// so ifb + u32 + mirred is the way to shape rather than drop. Which direction is the guest's depends
/// on the device kind: see Tapyard.Node.Bandwidth.
/// </summary>
public static class DeviceShaping
{
    /// <summary>The ifb of <paramref name="device"/>: "ifb" + device when that fits IFNAMSIZ, else "ifb" + ifindex.</summary>
    public static string IfbNameOf(string device, int ifindex)
    {
        string name = "ifb" + device;
        return LinkName.Problem(name) is null ? name : "ifb" + ifindex.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Replaces whatever shaping the device had with these limits (null: that direction unlimited).
    /// A failure removes what was set up and throws <see cref="TrafficControlException"/>.
    /// </summary>
    /// <param name="redirectIngress">
    /// false: the ifb and its HTB are made, but no tc filter hands it the device's received frames;
    /// the caller does (an nftables netdev ingress chain ending in `fwd to "IFB"`). tc ingress runs
    /// before the netdev ingress hook and the ifb hands frames back past both, so a filter that must
    /// see every received frame (anti-spoofing) has to be the one that forwards. The forward names
    /// the ifb by ifindex: after a Set the caller applies its chain again.
    /// </param>
    public static void Set(Rtnetlink netlink, string device, ShapingRate? egress, ShapingRate? ingress, bool redirectIngress)
    {
        var link = netlink.Links.Get(device);
        Clear(netlink, device);
        try
        {
            if (egress is not null)
                AddHtb(netlink, device, egress, $"shaping what {device} transmits");
            if (ingress is not null)
            {
                string ifb = IfbNameOf(device, link.Index);
                string what = $"shaping what {device} receives (through {ifb})";
                netlink.Links.Create(new IfbLinkSpec { Name = ifb, Up = true, DisableIpv6AddressGeneration = true });
                AddHtb(netlink, ifb, ingress, what);
                if (!redirectIngress)
                    return;
                netlink.Filters.EnsureClsact(link.Index);
                TcProgram.Run(netlink.Namespace, what, "filter", "add", "dev", device, "ingress", "protocol", "all", "prio", ShapingPriority,
                    "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", ifb);
            }
        }
        catch (Exception e) when (e is TapyardLinuxException)
        {
            try
            {
                Clear(netlink, device);
            }
            catch (TapyardLinuxException cleanup)
            {
                throw new TrafficControlException($"{e.Message}; removing the partial shaping failed too: {cleanup.Message}", e);
            }
            throw;
        }
    }

    /// <summary>
    /// Removes the device's root qdisc, its shaping filter and its ifb; a device without them is
    /// left as it is. The clsact stays: it may hold the device's VLAN filters.
    /// </summary>
    public static void Clear(Rtnetlink netlink, string device)
    {
        var link = netlink.Links.TryGet(device);
        // "No such file or directory"/"Cannot delete qdisc with handle of zero": nothing was there.
        TcProgram.TryRun(netlink.Namespace, "qdisc", "del", "dev", device, "root");
        if (link is null)
            return;
        netlink.Filters.DeleteFilter(link.Index, TcHook.Ingress, TcPriorities.Shaping);
        // Shaping set up before the clsact layout (a guest that kept running across an upgrade): an
        // ingress qdisc with the redirect at priority 1. Left alone it would send every frame to the
        // ifb deleted below, where they would be dropped.
        if (netlink.Filters.HookQdisc(link.Index) == TcConstants.IngressKind)
            netlink.Filters.DeleteFilter(link.Index, TcHook.Ingress, LegacyShapingPriority);
        if (netlink.Links.TryGet(IfbNameOf(device, link.Index)) is { Kind: LinkKinds.Ifb } ifb)
            netlink.Links.Delete(ifb.Index);
    }

    /// <summary>
    /// Puts the transmit shaping (root HTB) of <paramref name="device"/> back in place with `tc qdisc
    /// replace`, leaving its receive side (ifb, filters, the nft chain forwarding to the ifb) alone:
    /// libvirt swaps a prepared device's root qdisc for noqueue when it starts the domain and touches
    /// nothing else, and re-making the ifb would cut off what the guest sends until its chain is loaded again.
    /// </summary>
    public static void ReplaceTransmit(Rtnetlink netlink, string device, ShapingRate egress)
    {
        string what = $"shaping what {device} transmits again";
        TcProgram.Run(netlink.Namespace, what, "qdisc", "replace", "dev", device, "root", "handle", "1:", "htb", "default", "1");
        TcProgram.Run(netlink.Namespace, what, ["class", "replace", .. ClassArguments(device, egress)]);
    }

    private const ushort LegacyShapingPriority = 1;

    private static readonly string ShapingPriority = TcPriorities.Shaping.ToString(CultureInfo.InvariantCulture);

    /// <summary>Deletes the ifb of a device that is already gone (the kernel drops a deleted device's qdiscs itself).</summary>
    public static void ClearAfterDelete(Rtnetlink netlink, string device, int ifindex)
    {
        if (netlink.Links.TryGet(IfbNameOf(device, ifindex)) is { Kind: LinkKinds.Ifb } ifb)
            netlink.Links.Delete(ifb.Index);
    }

    private static void AddHtb(Rtnetlink netlink, string device, ShapingRate rate, string what)
    {
        TcProgram.Run(netlink.Namespace, what, "qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "1");
        TcProgram.Run(netlink.Namespace, what, ["class", "add", .. ClassArguments(device, rate)]);
    }

    /// <summary>The arguments after `tc class add|replace` for the one HTB class 1:1 of the device's root.</summary>
    private static string[] ClassArguments(string device, ShapingRate rate)
    {
        string burst = rate.BurstBytes.ToString(CultureInfo.InvariantCulture);
        return ["dev", device, "parent", "1:", "classid", "1:1", "htb",
            "rate", Bits(rate.BytesPerSecond), "ceil", Bits(rate.PeakBytesPerSecond ?? rate.BytesPerSecond),
            "burst", burst, "cburst", burst];
    }

    /// <summary>tc's rate in bits per second, exact ("8000000bit"): no unit guessing between kbps and kbit.</summary>
    private static string Bits(long bytesPerSecond) => (bytesPerSecond * 8).ToString(CultureInfo.InvariantCulture) + "bit";
}
