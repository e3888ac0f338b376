using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Tap;

namespace Tapyard.Node;

/// <summary>
/// The NICs of instances on one node (a lab node's namespace, or <see cref="NetworkNamespace.Host"/>):
/// plug, bring up and down, unplug, and sweep stale devices. Every device is recorded in
/// <see cref="Records"/> before it exists and its record is removed only after it is gone.
/// This slice handles mode macvtap without VLAN; other modes are refused before anything changes.
/// </summary>
public sealed class NodeNics : IDisposable
{
    /// <summary>
    /// Queue fds per NIC: one per vCPU, at most MAX_TAP_QUEUES (drivers/net/tap.c, 256), the most a
    /// macvtap accepts; a bigger guest shares queues between vCPUs.
    /// </summary>
    public const int MaxQueuesPerNic = 256;

    /// <summary>Device name prefix of macvtap NICs, as the Ganeti design names them.</summary>
    public const string MacvtapPrefix = "vtap";

    private const int IfindexAttempts = 5;

    private readonly Rtnetlink _netlink;
    private readonly NetworkNamespace _namespace;
    private readonly bool _ownsNamespace;
    private readonly string _runtimeDirectory;

    /// <param name="node">The node's name (records are kept per node).</param>
    /// <param name="networkNamespace">Where the node's devices live; not disposed by this object.</param>
    /// <param name="runtimeDirectory">The runtime directory; null: RuntimeDirectory.Resolve (TAPYARD_RUN_DIR, default /run/tapyard).</param>
    public NodeNics(string node, NetworkNamespace networkNamespace, string? runtimeDirectory = null)
        : this(node, networkNamespace, runtimeDirectory, ownsNamespace: false) { }

    private NodeNics(string node, NetworkNamespace networkNamespace, string? runtimeDirectory, bool ownsNamespace)
    {
        _runtimeDirectory = RuntimeDirectory.Resolve(runtimeDirectory);
        Records = new NicRecords(_runtimeDirectory, node);
        _namespace = networkNamespace;
        _ownsNamespace = ownsNamespace;
        _netlink = Rtnetlink.Open(networkNamespace);
    }

    /// <summary>The NICs of <paramref name="node"/>: in its namespace for a lab node, else on this host.</summary>
    public static NodeNics Open(Core.Model.Node node, string? runtimeDirectory = null)
    {
        if (node.Netns is not { } netns)
            return new NodeNics(node.Name, NetworkNamespace.Host, runtimeDirectory);
        var ns = NetworkNamespace.Open(netns);
        try { return new NodeNics(node.Name, ns, runtimeDirectory, ownsNamespace: true); }
        catch { ns.Dispose(); throw; }
    }

    public string Node => Records.Node;

    public NicRecords Records { get; }

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
    /// Hot-unplug: removes the device (and record) of the NIC <paramref name="nicUuid"/> of
    /// <paramref name="instance"/> on this node; the instance's other devices stay. Nothing recorded: nothing done.
    /// </summary>
    public SweepResult UnplugNic(string instance, Guid nicUuid)
    {
        var records = Records.ReadAll().Where(r => r.Instance == instance && r.NicUuid == nicUuid).ToList();
        return records.Count == 0 ? SweepResult.Nothing : Remove(records, _netlink.Links.List());
    }

    private PluggedInstance Plug(Instance instance, IReadOnlyList<ResolvedNic> nics, bool sweepFirst)
    {
        foreach (var nic in nics)
            CheckSupported(instance, nic);
        IReadOnlyList<LinkInfo> links;
        try
        {
            links = _netlink.Links.List();
            if (sweepFirst && SweepBeforePlug(instance, nics, links).DevicesRemoved.Count > 0)
                links = _netlink.Links.List(); // passthru lower devices got their MACs back: read them afresh
        }
        catch (Exception e) when (e is TapyardLinuxException or IOException or UnauthorizedAccessException)
        {
            throw new NicPlugException(instance.Name, nics.Count > 0 ? nics[0].Index : 0,
                $"cannot plug instance {instance.Name} on node {Node}: removing the devices a previous run left failed: {e.Message}", e);
        }
        var byName = links.ToDictionary(link => link.Name, StringComparer.Ordinal);
        var namesInUse = byName.Keys.ToHashSet(StringComparer.Ordinal);
        int queues = Math.Clamp(instance.Vcpus, 1, MaxQueuesPerNic);

        var made = new List<NicRecord>(nics.Count);
        foreach (var nic in nics)
        {
            try
            {
                var record = CreateMacvtap(instance, nic, queues, byName, namesInUse);
                made.Add(record);
                namesInUse.Add(record.Device);
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

        IReadOnlyList<TapQueueSet> sets;
        try
        {
            sets = MacvtapQueues.OpenMany(_namespace, made.Select(r => r.Device).ToList(), queues,
                new TapQueueOptions { RuntimeDirectory = _runtimeDirectory, VnetHeader = true, MultiQueue = true });
        }
        catch (Exception e)
        {
            string undone = RolledBack(made);
            if (e is not TapyardLinuxException)
                throw;
            throw new NicPlugException(instance.Name, made.Count > 0 ? made[0].NicIndex : 0,
                $"cannot open the queues of instance {instance.Name} on node {Node}: {e.Message}{undone}", e);
        }
        var plugged = made.Select((r, i) => new PluggedNic(r.NicIndex, r.NicUuid, r.Device, r.Ifindex, MacAddress.Parse(r.Mac),
            r.Lower!, ToMacvlanMode(r.MvtapMode), sets[i])).ToList();
        return new PluggedInstance(instance.Name, Node, plugged, made);
    }

    /// <summary>Brings the instance's devices up: call just before its vCPUs start (a migration target must not speak early).</summary>
    public void SetUp(string instance) => SetState(instance, up: true);

    /// <summary>Takes the instance's devices down (guest paused, or migrated away).</summary>
    public void SetDown(string instance) => SetState(instance, up: false);

    /// <summary>Closes the queue fds, deletes the devices (at once when several), restores passthru lower devices, removes the records.</summary>
    public void Unplug(PluggedInstance plugged)
    {
        plugged.Dispose();
        Remove(plugged.Records, _netlink.Links.List());
    }

    /// <summary>
    /// Instance cleanup (Ganeti's _RemoveStaleMacvtapDevs): removes every device recorded for
    /// <paramref name="instance"/> on this node and the records, with one dump of the node's links.
    /// </summary>
    public SweepResult SweepInstance(string instance)
    {
        var records = Records.ReadAll().Where(r => r.Instance == instance).ToList();
        if (records.Count == 0)
            return SweepResult.Nothing;
        return Remove(records, _netlink.Links.List());
    }

    /// <summary>`node verify` on this node: one dump of its links against its records (see <see cref="Verify.NodeVerifier"/>).</summary>
    public Verify.VerifyResult Verify(IReadOnlyList<Verify.ConnectedLink> connected, bool fix) =>
        new Verify.NodeVerifier(_netlink.Links, Records).Verify(connected, fix);

    public void Dispose()
    {
        _netlink.Dispose();
        if (_ownsNamespace)
            _namespace.Dispose();
    }

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
        foreach (var nic in nics)
        {
            if (nic.Link is null || !byName.TryGetValue(nic.Link, out var lower) || !MacAddress.TryParse(nic.Mac, out var mac))
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
    /// someone else made since) and <paramref name="extraIndexes"/>, in one group delete; restores
    /// passthru lower devices; then removes the records.
    /// </summary>
    private SweepResult Remove(IReadOnlyList<NicRecord> records, IReadOnlyList<LinkInfo> links, IEnumerable<int>? extraIndexes = null)
    {
        var byIndex = links.ToDictionary(link => link.Index);
        var doomed = records
            .Where(r => byIndex.TryGetValue(r.Ifindex, out var link) && link.Name == r.Device)
            .Select(r => r.Ifindex)
            .Concat(extraIndexes ?? [])
            .Distinct()
            .ToList();
        if (doomed.Count == 0 && records.Count == 0)
            return SweepResult.Nothing;
        _netlink.Links.DeleteMany(doomed, links);
        foreach (var record in records)
            RestoreLower(record);
        foreach (var record in records)
            Records.Delete(record.Device);
        return new SweepResult(doomed.Select(index => byIndex[index].Name).ToList(), records.Select(r => r.Device).ToList());
    }

    /// <summary>passthru changed the lower device's MAC to the guest's; the kernel restores it on delete, we make sure (and restore up/down).</summary>
    private void RestoreLower(NicRecord record)
    {
        if (record.Lower is null || (record.LowerMacBefore is null && record.LowerUpBefore is null))
            return;
        try
        {
            _netlink.Links.Change(record.Lower, new LinkChange
            {
                Mac = record.LowerMacBefore is { } mac ? MacAddress.Parse(mac) : null,
                Up = record.LowerUpBefore,
            });
        }
        catch (LinkNotFoundException)
        {
            // The lower device is gone: nothing to restore.
        }
    }

    private NicRecord CreateMacvtap(Instance instance, ResolvedNic nic, int queues, Dictionary<string, LinkInfo> links, HashSet<string> namesInUse)
    {
        if (!links.TryGetValue(nic.Link!, out var lower))
            throw new TapyardException($"lower device {nic.Link} does not exist on node {Node}");
        var mac = MacAddress.Parse(nic.Mac);
        var mode = ToMacvlanMode(nic.MvtapMode is { } m ? NicNames.Of(m) : null);
        bool passthru = mode == MacvlanMode.Passthru;

        string device = Records.ReserveName(MacvtapPrefix, namesInUse);
        var record = new NicRecord
        {
            Instance = instance.Name, InstanceUuid = instance.Uuid, NicIndex = nic.Index, NicUuid = nic.Uuid,
            Mode = NicNames.Of(NicMode.Macvtap), MvtapMode = mode.ToName(), Device = device,
            Ifindex = IfindexAllocator.Shared.Pick(), Mac = mac.ToString(), Lower = lower.Name, Node = Node,
            CreatedAt = DateTimeOffset.UtcNow, ProcessId = Environment.ProcessId,
            LowerMacBefore = passthru ? lower.Mac?.ToString() : null, LowerUpBefore = passthru ? lower.IsUp : null,
        };
        LinkInfo? created = null;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                // Durable before the device exists: a crash from here on leaves a record, never an unknown device.
                Records.Write(record);
                try
                {
                    created = _netlink.Links.Create(new MacvlanLinkSpec
                    {
                        Name = device, Index = record.Ifindex, Lower = lower.Name, LowerIndex = lower.Index, Mode = mode, Mac = mac,
                        TxQueues = queues, RxQueues = queues, TxQueueLength = lower.TxQueueLength,
                        DisableIpv6AddressGeneration = true, Up = false,
                    });
                    break;
                }
                catch (LinkIndexInUseException) when (attempt < IfindexAttempts)
                {
                    // Another namespace's device took the index since the pick: pick again, record it first.
                    record = record with { Ifindex = IfindexAllocator.Shared.Pick() };
                }
            }
            // allmulticast: IPv6 neighbour discovery (solicited-node multicast) must reach the guest.
            // passthru ignores the MAC given at create: set it now (which sets the lower device's too).
            _netlink.Links.Change(created.Index, new LinkChange { AllMulticast = true, Mac = passthru ? mac : null });
            return record;
        }
        catch
        {
            if (created is not null)
            {
                try { _netlink.Links.Delete(created.Index); }
                catch (LinkNotFoundException) { }
                RestoreLower(record);
            }
            Records.Delete(device);
            throw;
        }
    }

    private void SetState(string instance, bool up)
    {
        foreach (var record in Records.ReadAll().Where(r => r.Instance == instance).OrderBy(r => r.NicIndex))
        {
            // By ifindex, checked against the recorded name: never touch a device someone else made since.
            var link = _netlink.Links.TryGet(record.Ifindex);
            if (link is null || link.Name != record.Device)
                throw new TapyardException($"device {record.Device} of NIC {record.NicIndex} of instance {instance} is missing on node {Node}; plug the instance again");
            _netlink.Links.Change(record.Ifindex, new LinkChange { Up = up });
        }
    }

    private void CheckSupported(Instance instance, ResolvedNic nic)
    {
        string which = $"NIC {nic.Index} of instance {instance.Name} on node {Node}";
        if (nic.Mode != NicMode.Macvtap)
            throw new NicPlugException(instance.Name, nic.Index,
                $"cannot plug {which}: mode {NicNames.Of(nic.Mode)} is not supported by this node yet (only macvtap); nothing was changed");
        if (nic.Link is null)
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: it has no link (lower device); give link=DEVICE");
        if (!MacAddress.TryParse(nic.Mac, out _, out string? problem))
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: MAC '{nic.Mac}' is invalid: {problem}");
        if (nic.Vlan is { } vlan)
            throw new NicPlugException(instance.Name, nic.Index, $"cannot plug {which}: vlan {vlan} needs the 802.1Q sub-interface {nic.Link}.{vlan}, but "
                + (Has8021q()
                    ? "macvtap on a VLAN sub-interface is not supported by this node yet"
                    : "this kernel has no 802.1Q VLAN support (CONFIG_VLAN_8021Q; load the 8021q module)")
                + "; nothing was changed");
    }

    /// <summary>/proc/net/vlan exists in a namespace once the 8021q module is loaded (or built in).</summary>
    private bool Has8021q() => _namespace.Run(() => Directory.Exists("/proc/thread-self/net/vlan"));

    private string RolledBack(List<NicRecord> made)
    {
        if (made.Count == 0)
            return "; nothing was left behind";
        try
        {
            Remove(made, _netlink.Links.List());
            return $"; the {made.Count} NIC{(made.Count == 1 ? "" : "s")} plugged before ({string.Join(", ", made.Select(r => r.Device))}) were removed again";
        }
        catch (Exception e) when (e is TapyardLinuxException or IOException or UnauthorizedAccessException)
        {
            return $"; removing the NICs plugged before failed ({e.Message}): their records stay in {Records.Directory} for the next sweep";
        }
    }

    private string Reason(Exception e) => e is LowerDeviceMissingException missing
        ? $"lower device {missing.LowerDevice} does not exist on node {Node}"
        : e.Message;

    private static MacvlanMode ToMacvlanMode(string? mvtapMode) =>
        mvtapMode is null ? MacvlanMode.Bridge
        : MacvlanModeNames.TryParse(mvtapMode, out var mode) && mode != MacvlanMode.Source ? mode
        : throw new TapyardException($"unknown mvtap_mode '{mvtapMode}'");
}
