using Tapyard.Core.Errors;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Linux;
using Tapyard.Linux.Addresses;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Lab;

/// <summary>
/// Builds, describes and removes a lab (see <see cref="LabLayout"/>) and keeps its nodes in the config
/// of one state directory. `Up` on a complete lab changes nothing; on a half-built one it refuses and
/// says to run `lab down`, which removes whatever of the lab exists, recorded or not.
/// </summary>
public sealed class Lab
{
    private readonly LabRecordFile _records;
    private readonly IConfigStore _store;
    private readonly Action<string> _progress;
    private readonly string _runtimeDirectory;

    /// <param name="runtimeDirectory">Where `node libvirtd` keeps the nodes' libvirtds; null: TAPYARD_RUN_DIR, else /run/tapyard.</param>
    public Lab(string stateDirectory, Action<string>? progress = null, string? runtimeDirectory = null)
    {
        _runtimeDirectory = RuntimeDirectory.Resolve(runtimeDirectory);
        _records = new LabRecordFile(stateDirectory);
        _store = new FileConfigStore(stateDirectory);
        _progress = progress ?? (_ => { });
    }

    /// <summary>
    /// Builds lab <paramref name="name"/> with <paramref name="nodes"/> nodes (default 2) and registers
    /// them. Returns false, changing nothing, when the lab already exists complete. When a step fails,
    /// what this call made (and only that: a namespace of the same name may be another's) is removed
    /// again before the error is thrown.
    /// </summary>
    public bool Up(string name, int? nodes)
    {
        RequireRoot("lab up", "creates network namespaces");
        LabLayout.Create(name, nodes ?? LabLayout.DefaultNodes);
        using var guard = LockLab(name);
        var record = _records.Read(name);
        var layout = LabLayout.Create(name, nodes ?? record?.Nodes ?? LabLayout.DefaultNodes);
        var existing = Status(name, record?.Nodes ?? layout.Nodes);
        if (existing.State == LabState.Complete)
        {
            if (existing.Nodes != layout.Nodes)
                throw new TapyardException($"lab {name} exists with {existing.Nodes} nodes, not {layout.Nodes}; run 'tapyard lab down --name {name}' first to rebuild it");
            _progress($"lab {name} already exists with {existing.Nodes} nodes; nothing to do");
            return false;
        }
        var strays = StrayNamespaces(layout);
        if (existing.State == LabState.HalfBuilt || strays.Count > 0)
        {
            string missing = existing.Missing.Count == 0 ? "" : $"missing: {string.Join(", ", existing.Missing)}";
            string left = strays.Count == 0 ? "" : $"left over: namespace {string.Join(", ", strays)}";
            throw new TapyardException(
                $"lab {name} is half-built ({string.Join("; ", new[] { missing, left }.Where(p => p.Length > 0))}); run 'tapyard lab down --name {name}' to remove what is left, then 'tapyard lab up' again");
        }

        // The config is checked before the kernel is touched: a node name taken is found early.
        var config = _store.Load().Config;
        var taken = layout.NodeNames.Where(n => config?.Nodes.ContainsKey(n) == true).ToList();
        if (taken.Count > 0)
            throw new TapyardException($"node {string.Join(", ", taken)} already exists in the config; remove it or choose another --name for the lab");

        var current = new LabRecord { Name = name, Nodes = layout.Nodes, CreatedAt = DateTimeOffset.UtcNow };
        _records.Write(current);
        var created = new List<string>();
        try
        {
            Build(layout, created);
            if (config is null)
                current = InitializeCluster(current);
            // Recorded before the commit: a crash after it must still let `lab down` remove the nodes.
            current = current with { RegisteredNodes = [.. layout.NodeNames] };
            _records.Write(current);
            ConfigTransaction.Run(_store, state =>
            {
                foreach (int node in layout.NodeNumbers)
                    NodeOperations.Add(state, new NodeAddRequest
                    {
                        Name = layout.NodeName(node), Netns = layout.NodeNamespace(node), PrimaryIp = LabLayout.NodeAddress(node).ToString(),
                    });
            });
            _progress($"registered nodes {string.Join(", ", layout.NodeNames)} (group {ClusterInitRequest.DefaultGroupName}) in {_store.Location}");
            _records.Write(current with { Complete = true });
            _progress($"lab {name} is up: {layout.Nodes} nodes behind switch {layout.SwitchNamespace}, outside host {LabLayout.OutsideAddress} in {layout.OutsideNamespace}");
            return true;
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException)
        {
            _progress($"lab up failed ({e.Message}); removing what it made");
            try { Remove(current, created); }
            catch (Exception cleanup) when (cleanup is TapyardException or TapyardLinuxException or IOException)
            {
                // The first failure is the one to report; the lab stays half-built and `lab down` says why.
                _progress($"could not remove everything ({cleanup.Message}); run 'tapyard lab down --name {name}'");
            }
            throw;
        }
    }

    private LabRecord InitializeCluster(LabRecord record)
    {
        try
        {
            ConfigTransaction.Initialize(_store, () => ClusterOperations.Init(new ClusterInitRequest()));
        }
        catch (ClusterAlreadyInitializedException)
        {
            // Another command initialized it meanwhile: use that one.
            return record;
        }
        _progress($"no cluster in {_store.Location}: initialized one (as 'tapyard cluster init'), node group {ClusterInitRequest.DefaultGroupName}");
        record = record with { InitializedCluster = true };
        _records.Write(record);
        return record;
    }

    /// <summary>What exists of lab <paramref name="name"/> compared with a complete one.</summary>
    public LabStatus Status(string name, int? nodes = null)
    {
        RequireRoot("lab status", "enters network namespaces");
        var record = _records.Read(name);
        var layout = LabLayout.Create(name, nodes ?? record?.Nodes ?? Math.Max(LabLayout.DefaultNodes, CountNodeNamespaces(name)));
        return LabInspector.Inspect(layout, record, _store.Load().Config);
    }

    /// <summary>
    /// Removes lab <paramref name="name"/>: its nodes from the config (only those it registered, and
    /// only when no instance uses them: else nothing is removed), then every namespace with the lab's
    /// names, then its record. Returns false when there was nothing to remove.
    /// </summary>
    public bool Down(string name)
    {
        RequireRoot("lab down", "deletes network namespaces");
        var layout = LabLayout.Create(name, LabLayout.DefaultNodes);
        using var guard = LockLab(name);
        var record = _records.Read(name);
        var namespaces = NetworkNamespace.List().Where(layout.Owns).ToList();
        if (record is null && namespaces.Count == 0)
        {
            _progress($"no lab {name}: nothing to remove");
            return false;
        }
        Remove(record ?? new LabRecord { Name = name, Nodes = 0 }, namespaces);
        _progress($"lab {name} is down");
        return true;
    }

    /// <summary>The registered nodes (refused while instances use them), then the namespaces (the switch last), then the record.</summary>
    private void Remove(LabRecord record, IReadOnlyList<string> namespaces)
    {
        if (record.RegisteredNodes.Count > 0 && _store.Load().Config is not null)
            UnregisterNodes(record);
        var layout = LabLayout.Create(record.Name, LabLayout.DefaultNodes);
        // A libvirtd in a node's namespace (tapyard node libvirtd) would keep the namespace alive after its name is gone.
        foreach (string ns in namespaces.Where(ns => ns != layout.SwitchNamespace && ns != layout.OutsideNamespace))
        {
            using var libvirtd = Libvirt.PrivateLibvirtd.Attach(RuntimeDirectory.LibvirtDaemonOf(_runtimeDirectory, ns));
            if (libvirtd is not null)
                _progress($"stopping the libvirtd of node {ns} (pid {libvirtd.Pid})");
        }
        string switchNamespace = layout.SwitchNamespace;
        foreach (string ns in namespaces.OrderBy(ns => ns == switchNamespace ? 1 : 0).ThenBy(ns => ns, StringComparer.Ordinal))
        {
            if (!NetworkNamespace.Exists(ns))
                continue;
            NetworkNamespace.Delete(ns);
            _progress($"deleted namespace {ns} and its devices");
        }
        _records.Delete(record.Name);
    }

    private void UnregisterNodes(LabRecord record)
    {
        var removed = ConfigTransaction.Run(_store, state =>
        {
            var nodes = record.RegisteredNodes.Where(state.Config.Nodes.ContainsKey).ToList();
            var users = nodes.SelectMany(n => state.Config.Instances.Values.Where(i => i.NodeUuid == state.Config.Nodes[n].Uuid)
                .Select(i => $"{i.Name} on {n}")).Order(StringComparer.Ordinal).ToList();
            if (users.Count > 0)
                throw new TapyardException(
                    $"lab {record.Name} cannot go down: instances still use its nodes ({string.Join(", ", users)}); remove them first ('tapyard instance remove NAME'); nothing was removed");
            foreach (string node in nodes)
                NodeOperations.Remove(state, node);
            return nodes;
        });
        if (removed.Count > 0)
            _progress($"removed nodes {string.Join(", ", removed)} from {_store.Location}");
    }

    /// <summary>
    /// One lab command at a time per lab and state directory. (Two state directories building one lab
    /// name collide on the namespaces instead: the second's create fails and it removes only its own.)
    /// </summary>
    private FileLock LockLab(string name)
    {
        Directory.CreateDirectory(_records.Directory);
        return FileLock.TryAcquire(Path.Combine(_records.Directory, $"{name}.lock"), LockTimeout)
            ?? throw new TapyardException($"another tapyard lab command is working on lab {name}; try again when it has finished");
    }

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private void Build(LabLayout layout, List<string> created)
    {
        using var sw = Create(layout.SwitchNamespace, created);
        using var switchNetlink = Rtnetlink.Open(sw);
        BringUpLoopback(switchNetlink);
        var bridge = switchNetlink.Links.Create(new BridgeLinkSpec { Name = LabLayout.Bridge, Up = true, DisableIpv6AddressGeneration = true });
        _progress($"switch {layout.SwitchNamespace}: bridge {LabLayout.Bridge} up");

        foreach (int node in layout.NodeNumbers)
        {
            string port = LabLayout.SwitchPort(node);
            using var ns = Create(layout.NodeNamespace(node), created);
            using var netlink = Rtnetlink.Open(ns);
            BringUpLoopback(netlink);
            CreateUplink(netlink, sw, port);
            AttachPort(switchNetlink, port, bridge.Index);
            netlink.Addresses.Add(LabLayout.Uplink, new AddressSpec { Address = LabLayout.NodeAddress(node), PrefixLength = LabLayout.NodePrefixLength }.WithStandardBroadcast());
            // Reflective relay: VEPA macvtaps behind one node reach each other only through a hairpin port.
            switchNetlink.Links.SetBridgePortHairpin(port, true);
            _progress($"node {layout.NodeNamespace(node)}: {LabLayout.Uplink} {LabLayout.NodeAddress(node)}/{LabLayout.NodePrefixLength} <-> {port} on {LabLayout.Bridge} (hairpin on)");
        }

        using (var outside = Create(layout.OutsideNamespace, created))
        using (var netlink = Rtnetlink.Open(outside))
        {
            BringUpLoopback(netlink);
            CreateUplink(netlink, sw, LabLayout.OutsidePort);
            AttachPort(switchNetlink, LabLayout.OutsidePort, bridge.Index);
            netlink.Addresses.Add(LabLayout.Uplink, new AddressSpec { Address = LabLayout.OutsideAddress, PrefixLength = LabLayout.OutsidePrefixLength }.WithStandardBroadcast());
            _progress($"outside {layout.OutsideNamespace}: {LabLayout.Uplink} {LabLayout.OutsideAddress}/{LabLayout.OutsidePrefixLength} <-> {LabLayout.OutsidePort} on {LabLayout.Bridge}");
        }
    }

    private NetworkNamespace Create(string name, List<string> created)
    {
        var ns = NetworkNamespace.Create(name);
        created.Add(name);
        _progress($"created namespace {name}");
        return ns;
    }

    private static void BringUpLoopback(Rtnetlink netlink) => netlink.Links.SetUp("lo", true);

    /// <summary>eth0 here, its peer <paramref name="port"/> created straight in the switch namespace.</summary>
    private static void CreateUplink(Rtnetlink netlink, NetworkNamespace sw, string port)
    {
        using var switchHandle = sw.OpenHandle();
        // No IPv6 link-local addresses: lab devices stay silent unless a test or guest speaks.
        netlink.Links.Create(new VethLinkSpec
        {
            Name = LabLayout.Uplink, PeerName = port, PeerNamespace = switchHandle, Up = true, DisableIpv6AddressGeneration = true,
        });
    }

    private static void AttachPort(Rtnetlink switchNetlink, string port, int bridgeIndex) =>
        switchNetlink.Links.Change(port, new LinkChange { MasterIndex = bridgeIndex, Up = true, DisableIpv6AddressGeneration = true });

    /// <summary>Namespaces with the lab's names that a lab of this size would not have (NAME-n5 of an old, larger lab).</summary>
    private static List<string> StrayNamespaces(LabLayout layout) =>
        NetworkNamespace.List().Where(ns => layout.Owns(ns) && !layout.Namespaces.Contains(ns)).ToList();

    /// <summary>The highest K among existing namespaces NAME-nK: how many nodes an unrecorded lab seems to have.</summary>
    private static int CountNodeNamespaces(string name) =>
        NetworkNamespace.List()
            .Where(ns => ns.StartsWith($"{name}-n", StringComparison.Ordinal) && int.TryParse(ns.AsSpan(name.Length + 2), out int k) && k is > 0 and <= LabLayout.MaxNodes)
            .Select(ns => int.Parse(ns.AsSpan(name.Length + 2)))
            .DefaultIfEmpty(0).Max();

    /// <summary>Namespaces and devices need CAP_SYS_ADMIN and CAP_NET_ADMIN: say so before anything is tried.</summary>
    private static void RequireRoot(string command, string why)
    {
        if (!Environment.IsPrivilegedProcess)
            throw new TapyardException($"this {why}, which needs root; run it as root (sudo tapyard {command})");
    }
}
