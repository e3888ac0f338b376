using Tapyard.Linux;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Tap;

namespace Tapyard.Bench.Plug;

/// <summary>
/// Where a contender works: the bench's own namespace, the veth every macvtap sits on, and the queue
/// fds opened so far. Every contender opens its queues through here, with the same opener, so the
/// tools differ only in how they create, bring up and delete devices.
/// </summary>
internal sealed class PlugLab(NetworkNamespace ns, Rtnetlink netlink, string lower, int lowerIndex, CancellationToken cancellation)
    : IDisposable
{
    private readonly List<TapQueueSet> _queues = [];

    public string Namespace { get; } = ns.Name!;
    public Rtnetlink Netlink => netlink;
    public CancellationToken Cancellation => cancellation;

    public MacvlanLinkSpec Spec(BenchDevice device) => new()
    {
        Name = device.Name,
        Index = device.Index,
        Lower = lower,
        LowerIndex = lowerIndex,
        Mode = MacvlanMode.Bridge,
        Up = true,
    };

    /// <summary>The `ip link add` arguments (after `ip -n NS`) that do what <see cref="Spec"/> does.</summary>
    public string[] IpAddArguments(BenchDevice device, bool up = true) =>
        ["link", "add", "link", lower, "name", device.Name, "index", device.Index.ToString(), .. (string[])(up ? ["up"] : []),
            "type", "macvtap", "mode", "bridge"];

    /// <summary>
    /// Opens one queue fd on each device (checked against the namespace's own sysfs) and keeps them:
    /// MacvtapQueues.OpenMany enters the namespace twice for all of them.
    /// </summary>
    public void OpenQueues(IReadOnlyList<BenchDevice> devices) =>
        _queues.AddRange(MacvtapQueues.OpenMany(ns, devices.Select(d => d.Name).ToList()));

    /// <summary>Opens one queue fd on a single device, as a node plugging one NIC does (two namespace hops).</summary>
    public void OpenQueue(BenchDevice device) => _queues.Add(MacvtapQueues.Open(ns, device.Name));

    /// <summary>
    /// Closes every queue fd opened so far, side by side: each macvtap queue close waits an RCU grace
    /// period, and concurrent closes share them (TapQueue.CloseAll).
    /// </summary>
    public void CloseQueues()
    {
        TapQueue.CloseAll(_queues.SelectMany(set => set).ToList());
        _queues.Clear();
    }

    public void Dispose() => CloseQueues();

    /// <summary>
    /// Checks, outside any timing, that a contender really left <paramref name="expected"/> macvtaps,
    /// all up, each with its queue open: a silently failing reference would otherwise look fast.
    /// </summary>
    public void Verify(string tool, int expected)
    {
        var macvtaps = Netlink.Links.List(new LinkFilter { Kind = LinkKinds.Macvtap });
        int up = macvtaps.Count(link => link.IsUp);
        if (macvtaps.Count != expected || up != expected || _queues.Count != expected)
            throw new InvalidOperationException(
                $"bench: after {tool} namespace {Namespace} holds {macvtaps.Count} macvtaps ({up} up, {_queues.Count} queue fds open), expected {expected}");
    }
}
