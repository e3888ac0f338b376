using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;
using Tapyard.Linux.Vlans;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Vlans;

namespace Tapyard.Node.Verify;

/// <summary>
/// `node verify`: compares ONE dump of the node's links with the node's record directory and the
/// networks connected to its group. Fix mode deletes the orphan devices in one bulk delete (one RCU
/// grace period, reusing the dump) and removes stale records and empty reservations; it never
/// touches a device it did not find to be a Tapyard orphan.
/// A plug running at the same moment has a record (or reservation) without its device for a few
/// milliseconds: verify reports it, and fix leaves records younger than <see cref="RecordGracePeriod"/>
/// alone, because removing one would turn the device the plug is about to create into an orphan that
/// the next fix deletes under a running guest.
/// </summary>
/// With a <see cref="SpoofGuard"/>, anti-spoofing tables (tapyard_DEVICE) whose device has no record
/// are reported too (the kernel keeps a netdev chain after its device is deleted), and fix deletes them.
/// <paramref name="cleanUpRecord"/> undoes what a record's device left outside it (OVS port and flows,
/// passthru lower device) before fix removes a record whose device is gone.
public sealed class NodeVerifier(LinkOperations links, NicRecords records, SpoofGuard? spoof = null, Action<NicRecord>? cleanUpRecord = null)
{
    /// <summary>
    /// The node's VLAN sub-interfaces: with them, fix removes unused ones Tapyard made (checked again
    /// under the node's VLAN lock), and untag filters left on a parent without their sub-interface are
    /// found (on connected links, records' VLAN parents and Tapyard sub-interfaces' parents) and fixed.
    /// </summary>
    internal NodeVlans? Vlans { get; init; }

    /// <summary>How old a record without its device must be before fix removes it (a plug takes milliseconds).</summary>
    public static readonly TimeSpan RecordGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>The networks connected to <paramref name="node"/>'s group whose mode needs a device on the node (macvtap: the lower device, bridged/openvswitch: the bridge; routed has no device link).</summary>
    public static IReadOnlyList<ConnectedLink> ConnectedLinks(ClusterState state, Core.Model.Node node) =>
        state.Config.Networks.Values
            .SelectMany(network => state.ConnectionsOf(network)
                .Where(c => c.Group.Uuid == node.GroupUuid && c.Effective.Mode != NicMode.Routed && c.Effective.Link is not null)
                .Select(c => new ConnectedLink(network.Name, c.Effective.Link!)))
            .ToList();

    public VerifyResult Verify(IReadOnlyList<ConnectedLink> connected, bool fix)
    {
        var dump = links.List();
        // Tables are listed before the records are read, as the links are: a plug writes its record
        // before its device and table, so a table it makes meanwhile is never taken for an orphan.
        var tables = spoof?.List() ?? [];
        var (found, empty, corrupt) = ReadRecords();
        var findings = Analyze(dump, found, empty, connected, corrupt).ToList();
        if (spoof is not null)
        {
            // A corrupt record still names its device (the file name): its table is no orphan either.
            var recorded = found.Select(r => r.Device).Concat(empty).Concat(corrupt).ToHashSet(StringComparer.Ordinal);
            foreach (string table in tables.Where(t => !recorded.Contains(SpoofGuard.DeviceOf(t)!)).Order(StringComparer.Ordinal))
                findings.Add(new(VerifyFindingKind.OrphanSpoofTable, table, $"anti-spoofing table for {SpoofGuard.DeviceOf(table)}, which has no record"));
        }
        if (Vlans is not null)
        {
            var parents = connected.Select(c => c.Link)
                .Concat(found.Select(r => r.VlanParent).OfType<string>())
                .Concat(dump.Select(VlanSubInterfaces.Describe).Select(info => info?.Parent).OfType<string>());
            foreach (var (parent, vlan) in Vlans.OrphanFilters(dump, parents))
                findings.Add(new(VerifyFindingKind.OrphanVlanFilter, NodeVlans.NameOf(parent, vlan),
                    $"tc filter untagging VLAN {vlan} on {parent}'s ingress without its sub-interface {NodeVlans.NameOf(parent, vlan)}: VLAN {vlan}'s frames arriving on {parent} are dropped"));
        }
        if (fix)
            return new VerifyResult(records.Node, Fix(findings, dump, found));
        return new VerifyResult(records.Node, findings);
    }

    /// <summary>The checks on data already read: pure, so the checks that cannot be planted on this kernel (VLANs) are tested with hand-built links.</summary>
    public static IReadOnlyList<VerifyFinding> Analyze(IReadOnlyList<LinkInfo> dump, IReadOnlyList<NicRecord> found,
        IReadOnlyCollection<string> emptyReservations, IReadOnlyList<ConnectedLink> connected, IReadOnlyCollection<string>? corruptRecords = null)
    {
        corruptRecords ??= [];
        var byIndex = dump.ToDictionary(link => link.Index);
        var names = dump.Select(link => link.Name).ToHashSet(StringComparer.Ordinal);
        // Live: the device has the recorded name AND ifindex; a same-named device made since is not the record's.
        var live = found.Where(r => byIndex.TryGetValue(r.Ifindex, out var link) && link.Name == r.Device).Select(r => r.Ifindex).ToHashSet();
        var findings = new List<VerifyFinding>();

        // A device named by a corrupt record may well be a running guest's: it is no orphan, whatever the record said.
        var unreadable = corruptRecords.ToHashSet(StringComparer.Ordinal);
        foreach (var link in dump.Where(link => IsTapyardDevice(link) && !live.Contains(link.Index) && !unreadable.Contains(link.Name)))
            findings.Add(new(VerifyFindingKind.OrphanDevice, link.Name,
                link.Kind == LinkKinds.Macvtap
                    ? $"macvtap (ifindex {link.Index}, MAC {link.Mac}, lower {LowerName(link, byIndex)}) without a record"
                    : $"tap (ifindex {link.Index}, MAC {link.Mac}{(link.MasterIndex is { } master ? $", port of {(byIndex.TryGetValue(master, out var m) ? m.Name : $"ifindex {master}")}" : "")}) without a record"));
        // An ifb shaping a NIC's ingress (bw_in) is named ifb + the NIC's device; it is live while a record names it.
        var recordedIfbs = found.Select(r => r.Ifb).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var link in dump.Where(link => Modes.NicPluggers.IsTapyardIfb(link) && !recordedIfbs.Contains(link.Name)
                     && !unreadable.Contains(link.Name[Modes.NicPluggers.IfbPrefix.Length..])))
            findings.Add(new(VerifyFindingKind.OrphanDevice, link.Name,
                $"ifb (ifindex {link.Index}) that shaped what {link.Name[Modes.NicPluggers.IfbPrefix.Length..]} received, without a record"));
        // A live NIC whose recorded ifb is gone (deleted by hand): a guarded tap's chain forwards what the
        // guest sends to it, so those frames are dropped; otherwise that direction is simply not shaped.
        foreach (var r in found.Where(r => live.Contains(r.Ifindex) && r.Ifb is not null && !names.Contains(r.Ifb)))
            findings.Add(new(VerifyFindingKind.MissingIfb, r.Ifb!,
                $"ifb of {r.Device} (NIC {r.NicIndex} of instance {r.Instance}) is gone: its bandwidth limit is not applied"
                + (r.SpoofTable is not null && r.Mode != "macvtap" ? " and what the guest sends is dropped (its anti-spoofing chain forwards to the ifb)" : "")
                + "; plug the instance again (stop and start it)"));
        foreach (var r in found.Where(r => !live.Contains(r.Ifindex)))
            findings.Add(new(VerifyFindingKind.RecordWithoutDevice, r.Device,
                $"record of NIC {r.NicIndex} of instance {r.Instance} (ifindex {r.Ifindex}) but no such device"));
        foreach (string name in emptyReservations.Order(StringComparer.Ordinal))
            findings.Add(new(VerifyFindingKind.EmptyReservation, name, "empty record file: a name reserved by a plug that never made the device"));
        foreach (string name in corruptRecords.Order(StringComparer.Ordinal))
            findings.Add(new(VerifyFindingKind.CorruptRecord, name,
                names.Contains(name)
                    ? $"corrupt record {name}{NicRecords.Extension}: it cannot be read, so device {name} is left alone; repair the file, or remove it once {name} is not in use"
                    : $"corrupt record {name}{NicRecords.Extension}: it cannot be read and no device {name} exists; remove the file"));
        foreach (var group in DuplicateMacs(dump))
            findings.Add(new(VerifyFindingKind.DuplicateMac, LowerName(group[0], byIndex),
                $"MAC {group[0].Mac} on {group.Count} macvtaps: {string.Join(", ", group.Select(l => l.Name))}"));
        foreach (var c in connected.Where(c => !names.Contains(c.Link)))
            findings.Add(new(VerifyFindingKind.MissingNetworkLink, c.Link, $"network {c.Network} is connected to the node's group but {c.Link} does not exist"));
        // A VLAN sub-interface (802.1Q, or Tapyard's tc-bpf pair) nothing is stacked on (same namespace)
        // or enslaved to, and that is no bridge port itself, has no user.
        var lowers = dump.Where(l => l.LowerIndex is not null && l.LowerNamespaceId is null).Select(l => l.LowerIndex!.Value)
            .Concat(dump.Where(l => l.MasterIndex is not null).Select(l => l.MasterIndex!.Value)).ToHashSet();
        foreach (var link in dump.Where(l => l.MasterIndex is null && !lowers.Contains(l.Index)))
        {
            if (VlanSubInterfaces.Describe(link) is not { } vlan)
                continue;
            string parent = vlan.Parent ?? LowerName(link, byIndex);
            findings.Add(new(VerifyFindingKind.UnusedVlan, link.Name, vlan.MadeByTapyard
                ? $"VLAN {vlan.Vlan} on {parent}, made by Tapyard, has no macvtap on it any more"
                : $"VLAN {vlan.Vlan} on {parent} has no macvtap on it and is no bridge port (not made by Tapyard: left alone)"));
        }
        return findings;
    }

    /// <summary>Only vtap* macvtaps, tytap*/tyrt*/tyovs* taps (and ifbs named after them) are Tapyard's: a macvlan or anyone else's macvtap or tap is never an orphan.</summary>
    public static bool IsTapyardDevice(LinkInfo link) => Modes.NicPluggers.IsTapyardDevice(link);

    private List<VerifyFinding> Fix(IReadOnlyList<VerifyFinding> findings, IReadOnlyList<LinkInfo> dump, IReadOnlyList<NicRecord> found)
    {
        var byName = dump.ToDictionary(link => link.Name, StringComparer.Ordinal);
        var orphans = findings.Where(f => f.Kind == VerifyFindingKind.OrphanDevice).Select(f => f.Device).ToHashSet(StringComparer.Ordinal);
        DeviceRemoval.Delete(links, orphans.Select(name => byName[name].Index).ToList(), dump);
        var youngRecords = new HashSet<string>(StringComparer.Ordinal);
        var failedCleanups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in findings.Where(f => f.Kind is VerifyFindingKind.RecordWithoutDevice or VerifyFindingKind.EmptyReservation))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(records.PathOf(f.Device)) < RecordGracePeriod)
                youngRecords.Add(f.Device);
            else
            {
                try
                {
                    if (cleanUpRecord is not null && f.Kind == VerifyFindingKind.RecordWithoutDevice && found.FirstOrDefault(r => r.Device == f.Device) is { } record)
                        cleanUpRecord(record);
                    records.Delete(f.Device);
                }
                catch (Core.Errors.TapyardException e)
                {
                    // The record stays, so the next fix (or the instance's sweep) tries again.
                    failedCleanups[f.Device] = e.Message;
                }
            }
        }
        // Tables of orphans, and of the records just removed (their devices are gone).
        var staleTables = findings.Where(f => f.Kind == VerifyFindingKind.OrphanSpoofTable).Select(f => f.Device)
            .Concat(found.Where(r => r.SpoofTable is not null && !youngRecords.Contains(r.Device) && !failedCleanups.ContainsKey(r.Device)
                && findings.Any(f => f.Kind == VerifyFindingKind.RecordWithoutDevice && f.Device == r.Device)).Select(r => r.SpoofTable!))
            .Distinct(StringComparer.Ordinal).ToList();
        spoof?.Remove(staleTables);
        // Unused sub-interfaces Tapyard made, after the records (whose clean-up may have removed some already).
        var releasedVlans = findings.Where(f => f.Kind == VerifyFindingKind.UnusedVlan && Vlans is not null
                && byName.TryGetValue(f.Device, out var link) && VlanSubInterfaces.Describe(link) is { MadeByTapyard: true })
            .Select(f => f.Device)
            .Where(name => Vlans!.Release(name) || links.TryGet(name) is null)
            .ToHashSet(StringComparer.Ordinal);
        var removedFilters = findings.Where(f => f.Kind == VerifyFindingKind.OrphanVlanFilter && Vlans is not null)
            .Select(f => f.Device)
            .Where(name => name.LastIndexOf('.') is int dot and > 0 && ushort.TryParse(name[(dot + 1)..], out ushort vlan)
                && Vlans!.RemoveOrphanFilter(name[..dot], vlan))
            .ToHashSet(StringComparer.Ordinal);
        // A duplicate MAC is repaired when deleting the orphans left at most one holder. Analyze lists
        // the duplicate findings in DuplicateMacs order, so the n-th finding is the n-th group.
        var groups = new Queue<List<LinkInfo>>(DuplicateMacs(dump));
        return findings.Select(Outcome).ToList();

        VerifyFinding Outcome(VerifyFinding f)
        {
            bool isRecord = f.Kind is VerifyFindingKind.RecordWithoutDevice or VerifyFindingKind.EmptyReservation;
            if (isRecord && failedCleanups.TryGetValue(f.Device, out string? why))
                return f with { Detail = $"{f.Detail}; cleaning up after it failed ({why}): record kept" };
            if (isRecord && youngRecords.Contains(f.Device))
                return f with { Detail = $"{f.Detail}; written less than {RecordGracePeriod.TotalSeconds:0} s ago (a plug may be in flight): left alone" };
            bool repaired = f.Kind switch
            {
                VerifyFindingKind.OrphanDevice or VerifyFindingKind.OrphanSpoofTable => true,
                VerifyFindingKind.UnusedVlan => releasedVlans.Contains(f.Device),
                VerifyFindingKind.OrphanVlanFilter => removedFilters.Contains(f.Device),
                _ when isRecord => true,
                VerifyFindingKind.DuplicateMac => groups.Dequeue().Count(link => !orphans.Contains(link.Name)) <= 1,
                _ => false,
            };
            return f with { Fixed = repaired };
        }
    }

    /// <summary>Macvtaps sharing a MAC on one lower device (same namespace id), each group in name order.</summary>
    private static List<List<LinkInfo>> DuplicateMacs(IReadOnlyList<LinkInfo> dump) =>
        dump.Where(l => l.Kind == LinkKinds.Macvtap && l.Mac is not null && l.LowerIndex is not null)
            .GroupBy(l => (l.LowerIndex, l.LowerNamespaceId, l.Mac))
            .Where(g => g.Count() > 1)
            .Select(g => g.OrderBy(l => l.Name, StringComparer.Ordinal).ToList())
            .ToList();

    private static string LowerName(LinkInfo link, Dictionary<int, LinkInfo> byIndex) =>
        link.LowerNamespaceId is null && link.LowerIndex is { } lower && byIndex.TryGetValue(lower, out var l) ? l.Name : $"ifindex {link.LowerIndex}";

    /// <summary>
    /// Complete records, the names of empty reservation files, and the names of corrupt (non-empty,
    /// unreadable) records: records are written atomically, so only a hand edit or a disk error makes one.
    /// </summary>
    private (List<NicRecord> Found, List<string> Empty, List<string> Corrupt) ReadRecords()
    {
        var found = new List<NicRecord>();
        var empty = new List<string>();
        var corrupt = new List<string>();
        foreach (string name in records.ReservedNames())
        {
            var info = new FileInfo(records.PathOf(name));
            if (!info.Exists)
                continue;
            if (info.Length == 0)
                empty.Add(name);
            else if (records.TryRead(name) is { } record)
                found.Add(record);
            else if (File.Exists(records.PathOf(name)))
                corrupt.Add(name); // (gone in between: a sweep removed it, nothing to report)
        }
        return (found, empty, corrupt);
    }
}
