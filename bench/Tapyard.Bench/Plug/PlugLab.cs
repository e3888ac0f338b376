using Tapyard.Linux;
using Tapyard.Linux.Links;

namespace Tapyard.Bench.Plug;

/// <summary>Where a contender works: the bench's own namespace and the veth every macvtap sits on.</summary>
internal sealed record PlugLab(string Namespace, Rtnetlink Netlink, string Lower, int LowerIndex, CancellationToken Cancellation)
{
    public MacvlanLinkSpec Spec(BenchDevice device) => new()
    {
        Name = device.Name,
        Index = device.Index,
        Lower = Lower,
        LowerIndex = LowerIndex,
        Mode = MacvlanMode.Bridge,
        Up = true,
    };

    /// <summary>The `ip link add` arguments (after `ip -n NS`) that do what <see cref="Spec"/> does.</summary>
    public string[] IpAddArguments(BenchDevice device, bool up = true) =>
        ["link", "add", "link", Lower, "name", device.Name, "index", device.Index.ToString(), .. (string[])(up ? ["up"] : []),
            "type", "macvtap", "mode", "bridge"];

    /// <summary>
    /// Checks, outside any timing, that a contender really left <paramref name="expected"/> macvtaps,
    /// all up: a silently failing reference would otherwise look fast.
    /// </summary>
    public void Verify(string tool, int expected)
    {
        var macvtaps = Netlink.Links.List(new LinkFilter { Kind = LinkKinds.Macvtap });
        int up = macvtaps.Count(link => link.IsUp);
        if (macvtaps.Count != expected || up != expected)
            throw new InvalidOperationException(
                $"bench: after {tool} namespace {Namespace} holds {macvtaps.Count} macvtaps ({up} up), expected {expected}");
    }
}
