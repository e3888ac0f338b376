using Tapyard.Core.Nics;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.TrafficControl;

namespace Tapyard.Node.Bandwidth;

/// <summary>
/// A NIC's bw_in (to the guest) and bw_out (from the guest) on its host device, for guests Tapyard
/// runs itself (libvirt does its own from &lt;bandwidth&gt;). Which device direction is which depends
/// on the device kind:
/// macvtap: the guest's frames, written to the queue fd, are transmitted by the macvtap device
///   (they pass its egress: the same hook the anti-spoofing nft chain uses, PLATFORM.md), so
///   bw_out shapes its egress; frames for the guest arrive on the lower device and are received by
///   the macvtap (its ingress, before the tap queue), so bw_in shapes its ingress through an ifb.
/// tap (bridged, routed, openvswitch): the opposite, as for any tap: frames the guest writes are
///   received by the tap device (ingress: bw_out, through an ifb), frames the host sends to the
///   tap are transmitted by it towards the guest (egress: bw_in).
/// Units as libvirt hands them to tc: average and peak kilobytes/s are 1000 bytes/s, burst
/// kilobytes 1024 bytes, and a missing burst is the average's worth (libvirt's default).
/// </summary>
public static class NicBandwidth
{
    /// <summary>
    /// Sets the limits on <paramref name="device"/> in <paramref name="netlink"/>'s namespace,
    /// replacing any earlier ones; both null removes them. Call after the device exists (plug),
    /// before the guest runs. Throws <see cref="TrafficControlException"/> and leaves no shaping.
    /// </summary>
    /// <param name="guardForwardsOut">
    /// A tap whose anti-spoofing chain hands what the guest sends (bw_out) to the ifb itself, after its
    /// checks (see <see cref="DeviceShaping.Set"/>): no tc redirect, which would take the frames before the chain sees them.
    /// Ignored for a macvtap, whose bw_out HTB runs after its guard on the same transmit path.
    /// </param>
    public static void Apply(Rtnetlink netlink, string device, BandwidthLimit? bwIn, BandwidthLimit? bwOut, bool guardForwardsOut)
    {
        if (bwIn is null && bwOut is null)
        {
            Remove(netlink, device);
            return;
        }
        var (egress, ingress, isTap) = Directions(netlink, device, bwIn, bwOut);
        DeviceShaping.Set(netlink, device, Rate(egress), Rate(ingress), redirectIngress: !(isTap && guardForwardsOut));
    }

    /// <summary>
    /// Puts back only what the device transmits (the guest's bw_in on a tap, bw_out on a macvtap: its
    /// root qdisc), which is all libvirt replaces when it starts a domain on a prepared device. The
    /// receive side (ifb, anti-spoofing chain forwarding to it) stays as plugged, with no gap.
    /// </summary>
    public static void ReapplyTransmit(Rtnetlink netlink, string device, BandwidthLimit? bwIn, BandwidthLimit? bwOut)
    {
        var (egress, _, _) = Directions(netlink, device, bwIn, bwOut);
        if (Rate(egress) is { } rate)
            DeviceShaping.ReplaceTransmit(netlink, device, rate);
    }

    /// <summary>What the device transmits and receives: a tap transmits to the guest (bw_in), a macvtap receives from it.</summary>
    private static (BandwidthLimit? Egress, BandwidthLimit? Ingress, bool IsTap) Directions(Rtnetlink netlink, string device, BandwidthLimit? bwIn, BandwidthLimit? bwOut)
    {
        var link = netlink.Links.Get(device);
        return link.Kind switch
        {
            LinkKinds.Macvtap or LinkKinds.Macvlan => (bwOut, bwIn, false),
            LinkKinds.Tun => (bwIn, bwOut, true),
            _ => throw new TrafficControlException(
                $"cannot shape {device}: it is a {link.Kind ?? "plain"} device, not a NIC's macvtap or tap; bw_in/bw_out apply to guest devices"),
        };
    }

    /// <summary>Removes the limits of an existing device (before unplug, or when the NIC's limits are dropped).</summary>
    public static void Remove(Rtnetlink netlink, string device) => DeviceShaping.Clear(netlink, device);

    /// <summary>After the device was deleted: removes the ifb it left (its qdiscs went with it).</summary>
    public static void RemoveAfterUnplug(Rtnetlink netlink, string device, int ifindex) => DeviceShaping.ClearAfterDelete(netlink, device, ifindex);

    public static ShapingRate? Rate(BandwidthLimit? limit) =>
        limit is null ? null : new ShapingRate(limit.AverageBytesPerSecond, limit.PeakBytesPerSecond, limit.BurstBytes ?? limit.Average * 1024);
}
