using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Routes;
using Tapyard.Linux.Tap;
using Tapyard.Node.AntiSpoof;
using Tapyard.Node.Modes;

namespace Tapyard.Node;

/// <summary>
/// The NICs of instances on one node (a lab node's namespace, or <see cref="NetworkNamespace.Host"/>):
/// plug, bring up and down, unplug, and sweep stale devices, in all four modes plus the tap connected
/// to nothing of Nova tap VIFs (<see cref="PlugTap"/>), one small plugger type per mode under Modes/.
/// Every device is recorded in <see cref="Records"/> before it exists and its record is removed only
/// after it is gone and everything outside it (routes, OVS port, anti-spoofing table, passthru lower
/// device) is undone.
/// </summary>
public sealed partial class NodeNics : IDisposable
{
    /// <summary>
    /// Queue fds per NIC: one per vCPU, at most MAX_TAP_QUEUES (drivers/net/tap.c, 256), the most a
    /// macvtap accepts (a tap takes as many, MAX_TAP_QUEUES of tun.c); a bigger guest shares queues between vCPUs.
    /// </summary>
    public const int MaxQueuesPerNic = 256;

    /// <summary>Device name prefix of macvtap NICs, as the Ganeti design names them.</summary>
    public const string MacvtapPrefix = "vtap";

    /// <summary>Tap of a bridged NIC.</summary>
    public const string BridgedPrefix = "tytap";

    /// <summary>Tap of a routed NIC.</summary>
    public const string RoutedPrefix = "tyrt";

    /// <summary>Tap of an openvswitch NIC.</summary>
    public const string OpenVswitchPrefix = "tyovs";

    private readonly Rtnetlink _netlink;
    private readonly NetworkNamespace _namespace;
    private readonly bool _ownsNamespace;
    private readonly string _runtimeDirectory;
    private readonly NodeContext _context;
    private readonly NicPluggers _pluggers;

    /// <param name="node">The node's name (records are kept per node).</param>
    /// <param name="networkNamespace">Where the node's devices live; not disposed by this object.</param>
    /// <param name="runtimeDirectory">The runtime directory; null: RuntimeDirectory.Resolve (TAPYARD_RUN_DIR, default /run/tapyard).</param>
    /// <param name="ovsDatabase">ovs-vsctl's --db for openvswitch NICs (unix:PATH); null: ovs-vsctl's own default ($OVS_RUNDIR/db.sock or /var/run/openvswitch/db.sock).</param>
    public NodeNics(string node, NetworkNamespace networkNamespace, string? runtimeDirectory = null, string? ovsDatabase = null)
        : this(node, networkNamespace, runtimeDirectory, ovsDatabase, ownsNamespace: false) { }

    private NodeNics(string node, NetworkNamespace networkNamespace, string? runtimeDirectory, string? ovsDatabase, bool ownsNamespace)
    {
        _runtimeDirectory = RuntimeDirectory.Resolve(runtimeDirectory);
        Records = new NicRecords(_runtimeDirectory, node);
        _namespace = networkNamespace;
        _ownsNamespace = ownsNamespace;
        _netlink = Rtnetlink.Open(networkNamespace);
        Spoof = new SpoofGuard(networkNamespace);
        _context = new NodeContext(node, Records, _netlink, networkNamespace, _runtimeDirectory, new OvsSwitch(ovsDatabase), Spoof,
            new Vlans.NodeVlans(node, _netlink, _runtimeDirectory));
        _pluggers = new NicPluggers(_context);
    }

    /// <summary>The NICs of <paramref name="node"/>: in its namespace for a lab node, else on this host.</summary>
    public static NodeNics Open(Core.Model.Node node, string? runtimeDirectory = null, string? ovsDatabase = null)
    {
        if (node.Netns is not { } netns)
            return new NodeNics(node.Name, NetworkNamespace.Host, runtimeDirectory, ovsDatabase);
        var ns = NetworkNamespace.Open(netns);
        try { return new NodeNics(node.Name, ns, runtimeDirectory, ovsDatabase, ownsNamespace: true); }
        catch { ns.Dispose(); throw; }
    }

    public string Node => Records.Node;

    public NicRecords Records { get; }

    /// <summary>The node's anti-spoofing tables.</summary>
    public SpoofGuard Spoof { get; }

    /// <summary>
    /// Plugs every NIC of <paramref name="instance"/> (<paramref name="nics"/> from ClusterState.NicsOf):
    /// first sweeps what a previous run of the instance left (its records' devices, and macvtaps on the
    /// same lower device with a NIC's MAC), then creates each device DOWN and opens its queue fds.
    /// All or nothing: when a NIC fails, the ones before it are removed again, records included.
    /// </summary>
    public PluggedInstance Plug(Instance instance, IReadOnlyList<ResolvedNic> nics) => Plug(instance, nics, sweepFirst: true);

    /// <summary>
    /// Hot-plug: plugs <paramref name="nics"/> (new NICs of a running instance) DOWN next to the
    /// instance's devices already on this node, which stay untouched (no sweep first). All or nothing.
    /// </summary>
    public PluggedInstance PlugMore(Instance instance, IReadOnlyList<ResolvedNic> nics) => Plug(instance, nics, sweepFirst: false);

    /// <summary>
    /// Plugs the one NIC of <paramref name="instance"/> as a tap connected to nothing (<see cref="NicMode.Tap"/>,
    /// Nova's vif_type tap; <paramref name="nic"/> has that mode and no link), named and set as
    /// <paramref name="tap"/> says, after the sweep <see cref="Plug(Instance, IReadOnlyList{ResolvedNic})"/> does.
    /// A device of that name that this instance's records do not name is someone else's: refused, untouched.
    /// </summary>
    public PluggedInstance PlugTap(Instance instance, ResolvedNic nic, UnconnectedTap tap) =>
        Plug(instance, [nic], sweepFirst: true, new UnconnectedTapPlugger(_context, tap));

    /// <summary>
    /// Hot-unplug: removes the device (and record) of the NIC <paramref name="nicUuid"/> of
    /// <paramref name="instance"/> on this node; the instance's other devices stay. Nothing recorded: nothing done.
    /// </summary>
    public SweepResult UnplugNic(string instance, Guid nicUuid)
    {
        using var instanceLock = LockInstance(instance);
        var records = Records.ReadAll().Where(r => r.Instance == instance && r.NicUuid == nicUuid).ToList();
        return records.Count == 0 ? SweepResult.Nothing : Remove(records, _netlink.Links.List());
    }

    /// <param name="tapPlugger">plugs <see cref="NicMode.Tap"/> NICs (it carries their <see cref="UnconnectedTap"/>); null: they are refused.</param>
    private PluggedInstance Plug(Instance instance, IReadOnlyList<ResolvedNic> nics, bool sweepFirst, NicPlugger? tapPlugger = null)
    {
        NicPlugger PluggerOf(ResolvedNic nic) => nic.Mode == NicMode.Tap && tapPlugger is not null ? tapPlugger : _pluggers.Of(nic.Mode);
        foreach (var nic in nics)
            CheckSupported(instance, nic, PluggerOf(nic));
        using var instanceLock = LockInstance(instance.Name); // two processes plugging one instance serialize
        IReadOnlyList<LinkInfo> links;
        try
        {
            links = _netlink.Links.List();
            if (sweepFirst && SweepBeforePlug(instance, nics, links).DevicesRemoved.Count > 0)
                links = _netlink.Links.List(); // passthru lower devices got their MACs back: read them afresh
        }
        catch (Exception e) when (e is TapyardLinuxException or TapyardException or IOException or UnauthorizedAccessException)
        {
            throw new NicPlugException(instance.Name, nics.Count > 0 ? nics[0].Index : 0,
                $"cannot plug instance {instance.Name} on node {Node}: removing the devices a previous run left failed: {e.Message}", e);
        }
        var byName = links.ToDictionary(link => link.Name, StringComparer.Ordinal);
        var namesInUse = byName.Keys.ToHashSet(StringComparer.Ordinal);
        int queues = Math.Clamp(instance.Vcpus, 1, MaxQueuesPerNic);

        var made = new List<PluggedDevice>(nics.Count);
        foreach (var nic in nics)
        {
            try
            {
                var device = PluggerOf(nic).Plug(instance, nic, queues, byName, namesInUse);
                made.Add(device);
                namesInUse.Add(device.Record.Device);
            }
            catch (Exception e)
            {
                // Whatever went wrong, the NICs made before are removed: all or nothing.
                string undone = RolledBack(made);
                if (e is not (TapyardLinuxException or TapyardException or IOException or UnauthorizedAccessException))
                    throw;
                throw new NicPlugException(instance.Name, nic.Index,
                    $"cannot plug NIC {nic.Index} of instance {instance.Name} on node {Node}: {Reason(e)}{undone}", e);
            }
        }

        // Every device is still DOWN until SetUp: shaping first, because a tap's anti-spoofing table
        // forwards to its ifb (which must exist), then the guards, for all NICs in one nft run.
        try
        {
            ApplyBandwidth(nics, made);
        }
        catch (Exception e) when (e is TapyardLinuxException or IOException or UnauthorizedAccessException)
        {
            string undone = RolledBack(made);
            throw new NicPlugException(instance.Name, made[0].Record.NicIndex,
                $"cannot set the bandwidth limits of instance {instance.Name} on node {Node}: {e.Message}{undone}", e);
        }

        try
        {
            ApplySpoofTables(nics, made.Select(d => d.Record).ToList());
        }
        catch (TapyardException e)
        {
            string undone = RolledBack(made);
            throw new NicPlugException(instance.Name, made[0].Record.NicIndex,
                $"cannot install the anti-spoofing tables of instance {instance.Name} on node {Node}: {e.Message}{undone}", e);
        }

        RunUpHooks(instance, nics, made); // hooks: after the devices are configured; a failing up hook rolls the plug back

        var macvtaps = made.Where(d => d.Queues is null).ToList();
        IReadOnlyList<TapQueueSet> sets;
        try
        {
            sets = macvtaps.Count == 0 ? [] : MacvtapQueues.OpenMany(_namespace, macvtaps.Select(d => d.Record.Device).ToList(), queues,
                new TapQueueOptions { RuntimeDirectory = _runtimeDirectory, VnetHeader = true, MultiQueue = true });
        }
        catch (Exception e)
        {
            string undone = RolledBack(made);
            if (e is not TapyardLinuxException)
                throw;
            throw new NicPlugException(instance.Name, made.Count > 0 ? made[0].Record.NicIndex : 0,
                $"cannot open the queues of instance {instance.Name} on node {Node}: {e.Message}{undone}", e);
        }
        var macvtapQueues = macvtaps.Select((d, i) => (d.Record.Device, Set: sets[i])).ToDictionary(p => p.Device, p => p.Set, StringComparer.Ordinal);
        var plugged = made.Select(d => ToPluggedNic(d.Record, d.Queues ?? macvtapQueues[d.Record.Device])).ToList();
        return new PluggedInstance(instance.Name, Node, plugged, made.Select(d => d.Record).ToList());
    }

    /// <summary>Brings the instance's devices up: call just before its vCPUs start (a migration target must not speak early).</summary>
    public void SetUp(string instance) => SetState(instance, up: true);

    /// <summary>Takes the instance's devices down (guest paused, or migrated away).</summary>
    public void SetDown(string instance) => SetState(instance, up: false);

    /// <summary>Closes the queue fds, deletes the devices, undoes what lived outside them (routes, OVS ports, anti-spoofing, passthru lower devices), removes the records.</summary>
    public void Unplug(PluggedInstance plugged)
    {
        using var instanceLock = LockInstance(plugged.Instance);
        plugged.Dispose();
        Remove(plugged.Records, _netlink.Links.List());
    }

    /// <summary>
    /// Instance cleanup (Ganeti's _RemoveStaleMacvtapDevs): removes every device recorded for
    /// <paramref name="instance"/> on this node and the records, with one dump of the node's links.
    /// </summary>
    public SweepResult SweepInstance(string instance)
    {
        using var instanceLock = LockInstance(instance);
        var records = Records.ReadAll().Where(r => r.Instance == instance).ToList();
        if (records.Count == 0)
            return SweepResult.Nothing;
        return Remove(records, _netlink.Links.List());
    }

    /// <summary>`node verify` on this node: one dump of its links against its records (see <see cref="Verify.NodeVerifier"/>).</summary>
    public Verify.VerifyResult Verify(IReadOnlyList<Verify.ConnectedLink> connected, bool fix) =>
        new Verify.NodeVerifier(_netlink.Links, Records, Spoof, record => { _pluggers.Of(record).AfterDelete(record); RemoveBandwidth(record); })
        {
            Vlans = _context.Vlans,
        }.Verify(connected, fix);

    public void Dispose()
    {
        _netlink.Dispose();
        if (_ownsNamespace)
            _namespace.Dispose();
    }

    private static PluggedNic ToPluggedNic(NicRecord r, TapQueueSet queues) =>
        new(r.NicIndex, r.NicUuid, r.Device, r.Ifindex, MacAddress.Parse(r.Mac),
            r.Lower ?? r.Bridge ?? r.OvsBridge ?? (r.RouteTable is { } table ? RouteTables.Name(table) : ""),
            MacvtapPlugger.ToMacvlanMode(r.MvtapMode), queues)
        {
            Mode = NicPluggers.ModeOf(r),
        };

    /// <summary>
    /// Before a plug: the instance's old records (by name or UUID) and their devices, plus any macvtap
    /// on a NIC's lower device that carries the NIC's MAC (its record was lost: the kernel would
    /// otherwise hold two devices with one MAC, "address already in use" for libvirt and LXD users).
    /// </summary>
    private SweepResult SweepBeforePlug(Instance instance, IReadOnlyList<ResolvedNic> nics, IReadOnlyList<LinkInfo> links)
    {
        var all = Records.ReadAll();
        var stale = all.Where(r => r.Instance == instance.Name || r.InstanceUuid == instance.Uuid).ToList();
        var byName = links.ToDictionary(link => link.Name, StringComparer.Ordinal);
        var strays = new List<LinkInfo>();
        foreach (var nic in nics.Where(nic => nic.Mode == NicMode.Macvtap))
        {
            // A VLAN NIC's macvtap sits on the sub-interface LINK.VLAN, not on LINK.
            string? lowerName = nic.Link is null ? null : nic.Vlan is { } vlan ? Vlans.NodeVlans.NameOf(nic.Link, vlan) : nic.Link;
            if (lowerName is null || !byName.TryGetValue(lowerName, out var lower) || !MacAddress.TryParse(nic.Mac, out var mac))
                continue;
            // Only macvtaps: a macvlan with the MAC is someone else's device, not a guest's leftover.
            strays.AddRange(links.Where(link => link.Kind == LinkKinds.Macvtap
                && link.LowerIndex == lower.Index && link.LowerNamespaceId is null && link.Mac == mac));
        }
        // A stray may still have a record (another instance name for the same NIC): remove it with its device.
        foreach (var stray in strays)
            if (all.FirstOrDefault(r => r.Device == stray.Name && r.Ifindex == stray.Index) is { } owner && !stale.Contains(owner))
                stale.Add(owner);
        return Remove(stale, links, strays.Select(link => link.Index));
    }

    /// <summary>
    /// Deletes the recorded devices still present (same name and ifindex as recorded, so never a device
    /// someone else made since) and <paramref name="extraIndexes"/>; then undoes each record's outside
    /// state (mode clean-up, anti-spoofing table) and removes the records. A record whose clean-up
    /// failed stays, for the next sweep, and the failure is thrown after the others are done.
    /// </summary>
    private SweepResult Remove(IReadOnlyList<NicRecord> records, IReadOnlyList<LinkInfo> links, IEnumerable<int>? extraIndexes = null, bool downHooks = true)
    {
        if (downHooks)
            RunDownHooks(records, links); // hooks: before the devices go (a failing down hook is reported, removal goes on)
        var byIndex = links.ToDictionary(link => link.Index);
        var doomed = records
            .Where(r => byIndex.TryGetValue(r.Ifindex, out var link) && link.Name == r.Device)
            .Select(r => r.Ifindex)
            .Concat(extraIndexes ?? [])
            .Distinct()
            .ToList();
        if (doomed.Count == 0 && records.Count == 0)
            return SweepResult.Nothing;
        DeviceRemoval.Delete(_netlink.Links, doomed, links);
        var failures = new List<string>();
        var cleaned = new List<NicRecord>();
        foreach (var record in records)
        {
            try
            {
                _pluggers.Of(record).AfterDelete(record);
                RemoveBandwidth(record);
                cleaned.Add(record);
            }
            catch (TapyardException e)
            {
                failures.Add($"{record.Device}: {e.Message}");
            }
        }
        // The anti-spoofing tables of every removed device in one nft run.
        try
        {
            Spoof.Remove(cleaned.Select(r => r.SpoofTable).OfType<string>().ToList());
        }
        catch (TapyardException e)
        {
            failures.Add($"{string.Join(", ", cleaned.Where(r => r.SpoofTable is not null).Select(r => r.Device))}: {e.Message}");
            cleaned.RemoveAll(r => r.SpoofTable is not null);
        }
        var removed = new List<string>();
        foreach (var record in cleaned)
        {
            Records.Delete(record.Device);
            removed.Add(record.Device);
        }
        if (failures.Count > 0)
            throw new TapyardException($"removed the devices, but cleaning up after {string.Join("; ", failures)}; the records stay in {Records.Directory} for the next sweep");
        return new SweepResult(doomed.Select(index => byIndex[index].Name).ToList(), removed);
    }

    private void SetState(string instance, bool up)
    {
        using var instanceLock = LockInstance(instance);
        foreach (var record in Records.ReadAll().Where(r => r.Instance == instance).OrderBy(r => r.NicIndex))
        {
            // By ifindex, checked against the recorded name: never touch a device someone else made since.
            var link = _netlink.Links.TryGet(record.Ifindex);
            if (link is null || link.Name != record.Device)
                throw new TapyardException($"device {record.Device} of NIC {record.NicIndex} of instance {instance} is missing on node {Node}; plug the instance again");
            _netlink.Links.Change(record.Ifindex, new LinkChange { Up = up });
            if (up)
                _pluggers.Of(record).AfterUp(record);
        }
    }

    private void CheckSupported(Instance instance, ResolvedNic nic, NicPlugger plugger)
    {
        string which = $"{NicNames.Of(nic.Mode)} NIC {nic.Index} of instance {instance.Name} on node {Node}";
        if (nic.Link is null && nic.Mode != NicMode.Tap) // a tap connected to nothing has no link
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: it has no link; give link={(nic.Mode == NicMode.Routed ? "TABLE" : "DEVICE")}");
        if (!MacAddress.TryParse(nic.Mac, out _, out string? problem))
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: MAC '{nic.Mac}' is invalid: {problem}");
        if (plugger.Refusal(nic) is { } refusal)
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: {refusal}; nothing was changed");
    }

    private string RolledBack(List<PluggedDevice> made)
    {
        if (made.Count == 0)
            return "; nothing was left behind";
        // Down hooks only for NICs whose up hooks ran (their records carry the hook environment).
        return UndoPlug(made, downHooks: made.Any(d => d.Record.HookEnvironment is not null)) is { } failure
            ? $"; removing the NICs plugged before failed ({failure}): their records stay in {Records.Directory} for the next sweep"
            : $"; the {made.Count} NIC{(made.Count == 1 ? "" : "s")} plugged before ({string.Join(", ", made.Select(d => d.Record.Device))}) were removed again";
    }

    /// <summary>
    /// Closes the queue fds (a tap's would keep a non-persistent device alive) and removes what a plug made
    /// so far, records included; null when that worked, else why not (the records stay for the next sweep).
    /// </summary>
    private string? UndoPlug(List<PluggedDevice> made, bool downHooks)
    {
        foreach (var device in made)
            device.Queues?.Dispose();
        try
        {
            Remove(made.Select(d => d.Record).ToList(), _netlink.Links.List(), downHooks: downHooks);
            return null;
        }
        catch (Exception e) when (e is TapyardLinuxException or TapyardException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private string Reason(Exception e) => e is LowerDeviceMissingException missing
        ? $"lower device {missing.LowerDevice} does not exist on node {Node}"
        : e.Message;
}
