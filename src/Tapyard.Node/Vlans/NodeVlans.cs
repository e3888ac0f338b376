using System.Security.Cryptography;
using System.Text;
using Tapyard.Core.Errors;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Links;
using Tapyard.Linux.Vlans;

namespace Tapyard.Node.Vlans;

/// <summary>
/// The VLAN sub-interfaces of one node that macvtap NICs with a vlan stack on (the Nova/Neutron macvtap
/// agent's PARENT.VLAN): made on demand, shared by every NIC of that VLAN, removed when the last device
/// on it goes (Nova never removes them; Tapyard does, but only the ones it made: an admin's PARENT.VLAN
/// is used as it is and left alone).
/// One flock per node (&lt;run&gt;/vlans/&lt;node&gt;.lock) is held from "find or make the sub-interface"
/// until the NIC's macvtap sits on it, and around "nothing on it any more → delete it": a plug never
/// stacks on a sub-interface another process is deleting, and the user count is simply what the
/// kernel has stacked on it (a plug in flight holds the lock, so nothing else can be half-made).
/// </summary>
internal sealed class NodeVlans(string node, Rtnetlink netlink, string runtimeDirectory)
{
    /// <summary>The longest wait for another process's VLAN change on this node (each is milliseconds).</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    private const string PeerPrefix = "tyvl";

    /// <summary>PARENT.VLAN, the name Nova's macvtap VIFs and the Neutron macvtap agent use.</summary>
    public static string NameOf(string parent, int vlan) => $"{parent}.{vlan}";

    /// <summary>
    /// The hidden end of a Tapyard sub-interface (the veth peer whose ingress tags frames for the parent):
    /// tyvl&lt;parent ifindex&gt;.&lt;vlan&gt;, unique in the namespace; a hash of both when that is over 15 bytes.
    /// </summary>
    public static string PeerNameOf(LinkInfo parent, int vlan)
    {
        string plain = $"{PeerPrefix}{parent.Index}.{vlan}";
        return plain.Length <= LinkName.MaxBytes
            ? plain
            : PeerPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)))[..(LinkName.MaxBytes - PeerPrefix.Length)];
    }

    private string? _lockPath;

    /// <summary>
    /// Takes the VLAN lock of the node's network namespace; dispose to release. Keyed by the namespace
    /// itself (its nsfs inode), not the node's name: one kernel namespace may be reached under two names
    /// (`vif plug` on this host uses the host name, the config may call the host otherwise), and two
    /// locks for one set of sub-interfaces would let a plug stack on one another process is deleting.
    /// </summary>
    public FileLock Lock()
    {
        string directory = Path.Combine(Path.GetFullPath(runtimeDirectory), "vlans");
        Directory.CreateDirectory(directory);
        string path = _lockPath ??= Path.Combine(directory, $"netns-{NamespaceInode()}.lock");
        return FileLock.TryAcquire(path, LockWait)
            ?? throw new TapyardException($"the VLAN sub-interfaces of node {node} are being changed by another Tapyard process (lock {path} held for more than {LockWait.TotalSeconds:0} s); try again when it is done");
    }

    /// <summary>The inode of the node's network namespace ("net:[4026531840]" → 4026531840), read on a thread inside it.</summary>
    private string NamespaceInode()
    {
        string target = netlink.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget)
            ?? throw new TapyardException($"cannot tell the network namespace of node {node}: /proc/thread-self/ns/net is no link");
        return target.Trim('n', 'e', 't', ':', '[', ']');
    }

    /// <summary>
    /// The sub-interface PARENT.VLAN, made when it does not exist (hold <see cref="Lock"/>). An existing
    /// device with that name is used as it is: an admin's sub-interface, or one Tapyard made for another NIC.
    /// </summary>
    public LinkInfo Ensure(LinkInfo parent, int vlan, Dictionary<string, LinkInfo> links)
    {
        string name = NameOf(parent.Name, vlan);
        if (netlink.Links.TryGet(name) is { } existing)
        {
            if (netlink.Vlans.IsIntact(existing, parent))
                return links[name] = existing;
            // Tapyard's, but carrying no frames: a crash in the middle of making it, or its parent was
            // deleted and made again (the new device has none of its filters). Made afresh when unused.
            if (HasUsers(existing, netlink.Links.List()))
                throw new TapyardException($"VLAN sub-interface {name} on node {node} is broken (its tc programs are missing: was {parent.Name} deleted and made again?) and devices sit on it; unplug them, then plug again");
            netlink.Vlans.Delete(name);
        }
        var made = netlink.Vlans.Create(new VlanSubInterfaceSpec(parent.Name, checked((ushort)vlan), name, PeerNameOf(parent, vlan)));
        return links[name] = made;
    }

    /// <summary>
    /// Takes the lock and removes <paramref name="name"/> when Tapyard made it and nothing sits on it any
    /// more. When it is already gone (deleted by hand) and its <paramref name="parent"/> and
    /// <paramref name="vlan"/> are known, the untag filter it left on the parent is removed instead.
    /// </summary>
    public bool Release(string name, string? parent = null, int? vlan = null)
    {
        using var vlanLock = Lock();
        return ReleaseLocked(name, parent, vlan);
    }

    /// <summary><see cref="Release"/> with the lock already held.</summary>
    public bool ReleaseLocked(string name, string? parent = null, int? vlan = null)
    {
        var dump = netlink.Links.List();
        if (dump.FirstOrDefault(link => link.Name == name) is not { } sub)
        {
            // The kernel keeps the parent's filter when P.V is deleted by hand: it would drop VLAN V's frames.
            if (parent is not null && vlan is { } v)
                RemoveOrphanFilterLocked(dump, parent, checked((ushort)v));
            return false;
        }
        if (VlanSubInterfaces.Describe(sub) is not { MadeByTapyard: true })
            return false;
        if (HasUsers(sub, dump))
            return false;
        try
        {
            netlink.Vlans.Delete(name);
        }
        catch (LinkNotFoundException)
        {
            return false; // gone in between: nothing to do
        }
        return true;
    }

    /// <summary>Users: whatever is stacked on it in this namespace (macvtaps, macvlans) or enslaved to it.</summary>
    private static bool HasUsers(LinkInfo sub, IReadOnlyList<LinkInfo> dump) =>
        dump.Any(link => (link.LowerIndex == sub.Index && link.LowerNamespaceId is null) || link.MasterIndex == sub.Index);

    /// <summary>
    /// Untag filters left on <paramref name="parents"/> (those in <paramref name="dump"/>) without their
    /// sub-interface, as "P.V" names: VLAN V's frames arriving on P are dropped while one is there.
    /// </summary>
    public IReadOnlyList<(string Parent, ushort Vlan)> OrphanFilters(IReadOnlyList<LinkInfo> dump, IEnumerable<string> parents)
    {
        var byName = dump.ToDictionary(link => link.Name, StringComparer.Ordinal);
        var found = new List<(string, ushort)>();
        foreach (string parent in parents.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(parent, out var link))
                continue;
            try
            {
                found.AddRange(netlink.Vlans.OrphanUntagFilters(link, dump).Select(vlan => (parent, vlan)));
            }
            catch (LinkNotFoundException)
            {
                // Deleted since the dump: nothing of it to report.
            }
        }
        return found;
    }

    /// <summary>Removes the orphan untag filter of <paramref name="vlan"/> on <paramref name="parent"/>, checked again under the lock (a plug may have made the sub-interface since).</summary>
    public bool RemoveOrphanFilter(string parent, ushort vlan)
    {
        using var vlanLock = Lock();
        return RemoveOrphanFilterLocked(netlink.Links.List(), parent, vlan);
    }

    private bool RemoveOrphanFilterLocked(IReadOnlyList<LinkInfo> dump, string parent, ushort vlan)
    {
        try
        {
            return dump.FirstOrDefault(link => link.Name == parent) is { } link
                && netlink.Vlans.OrphanUntagFilters(link, dump).Contains(vlan)
                && netlink.Vlans.RemoveUntagFilter(link.Index, vlan);
        }
        catch (LinkNotFoundException)
        {
            return false; // the parent went since the dump: its filters with it
        }
    }
}
