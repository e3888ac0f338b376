using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// Instances as transient libvirt domains (virsh create: nothing persistent to leak in libvirtd when a
/// host reboots; the config is Tapyard's). Tapyard keeps the NICs: Start plugs them through
/// <see cref="NodeNics"/> (records, anti-spoofing, the globally unique ifindex that makes /dev/tapN safe)
/// and hands libvirt the prepared devices as type='ethernet' with managed='no', so libvirt creates and
/// deletes no device, and Tapyard's sweeps and `node verify` stay authoritative.
///
/// Namespaces: libvirtd starts its QEMUs in its own network namespace and finds a managed='no' device by
/// name there. So the libvirtd serving a lab node must run inside that node's namespace (one libvirtd
/// per node, reached through a URI with "{node}" in it, <see cref="LibvirtDriverOptions.UriFor"/>); for a
/// node on the host, the host's libvirtd (qemu:///system). Moving the devices into libvirtd's namespace
/// instead would take them away from the node's uplink (a macvtap must live beside its lower device).
///
/// The domain is addressed by the instance's UUID (libvirtd may hold other domains with the same name).
/// The console socket, its log and the lock file are the QEMU driver's (<see cref="QemuRuntimePaths"/>),
/// so `instance console` and the lock work the same whichever driver runs the instance.
/// </summary>
public sealed class LibvirtDriver : IHypervisorDriver
{
    public const string DriverName = "libvirt";
    public const string DomainFile = "domain.xml";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly IConfigStore _store;
    private readonly LibvirtDriverOptions _options;

    public LibvirtDriver(IConfigStore store, LibvirtDriverOptions? options = null)
    {
        _store = store;
        _options = options ?? new LibvirtDriverOptions();
        RuntimeDirectory = Core.Store.RuntimeDirectory.Resolve(_options.RuntimeDirectory);
    }

    public string Name => DriverName;

    public LibvirtDriverOptions Options => _options;

    public string RuntimeDirectory { get; }

    public QemuRuntimePaths PathsOf(string instance) => QemuRuntimePaths.For(RuntimeDirectory, instance);

    /// <summary>The virsh connection to the libvirtd serving <paramref name="node"/>.</summary>
    public Virsh VirshFor(string node) => new(_options.UriFor(node), _options.VirshBinary);

    public void Start(string name)
    {
        using var held = Lock(name);
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var node = NodeOf(state.NodeByUuid(instance.NodeUuid), name);
        var virsh = VirshFor(node.Name);
        string domain = instance.Uuid.ToString("D");
        if (_options.LibvirtManagesNics)
            RequireMacvtapOnly(name, state.NicsOf(instance));
        var existing = virsh.Run(["domstate", domain]);
        if (existing.Succeeded)
        {
            if (instance.State == InstanceState.Running)
                throw new HypervisorException($"instance {name} is already running (libvirt domain {domain} is {existing.Output.Trim()}); stop it first");
            // The config says stopped but our domain lives: left by a start or stop that died halfway.
            DestroyIfPresent(virsh, domain, name);
        }
        else if (!existing.DomainMissing)
            throw new HypervisorException($"cannot start instance {name}: libvirt ({virsh.Uri}) for node {node.Name} does not answer: {existing.ErrorLine}; "
                + $"start the node's libvirtd or set {LibvirtDriverOptions.UriVariable}");

        var nics = state.NicsOf(instance);
        var boot = _options.Boot?.For(state, instance, nics);
        var paths = PathsOf(name);
        Directory.CreateDirectory(paths.Directory);
        if (_options.LibvirtManagesNics)
        {
            StartWithLibvirtNics(name, instance, node.Name, nics, boot, paths, virsh, domain);
            return;
        }
        using var nodeNics = OpenNode(node, name, "start");
        nodeNics.SweepInstance(name);
        var plugged = nodeNics.Plug(instance, nics); // all or nothing; its error says what was undone
        bool created = false;
        try
        {
            // libvirt opens /dev/tap<ifindex> itself, one fd per queue: ours would only hold queues open.
            var devices = plugged.Nics.ToDictionary(n => n.NicUuid, n => n.Device);
            plugged.Dispose();
            var xml = LibvirtDomainXml.ToText(LibvirtDomainXml.Build(Domain(instance, node.Name, nics, devices, boot, paths)));
            string file = Path.Combine(paths.Directory, DomainFile);
            File.WriteAllText(file, xml);
            File.Delete(paths.ConsoleSocket);
            // Paused: the vCPUs run only after the devices are up, as the QEMU driver does (the guest never speaks early).
            virsh.Check($"cannot start instance {name} on node {node.Name}", ["create", file, "--paused"]);
            created = true;
            // libvirt swapped the devices' root qdiscs for noqueue while creating the domain: shape them again.
            nodeNics.ReapplyBandwidth(name, nics);
            nodeNics.SetUp(name);
            virsh.Check($"cannot start instance {name} on node {node.Name}", ["resume", domain]);
            ConfigTransaction.Run(_store, s => { s.GetInstance(name).State = InstanceState.Running; });
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException or UnauthorizedAccessException)
        {
            plugged.Dispose();
            string cleanup = CleanUpFailedStart(virsh, domain, name, created, nodeNics);
            string reason = e.Message.StartsWith($"cannot start instance {name}", StringComparison.Ordinal)
                ? e.Message
                : $"cannot start instance {name} on node {node.Name}: {e.Message}";
            throw new HypervisorException(reason + cleanup, e);
        }
    }

    /// <summary>
    /// <see cref="LibvirtDriverOptions.LibvirtManagesNics"/>: libvirt creates the macvtaps (type='direct') when
    /// the domain starts and deletes them when it ends; Tapyard only checks the NICs' modes first.
    /// </summary>
    private void StartWithLibvirtNics(string name, Instance instance, string node, IReadOnlyList<Core.Operations.ResolvedNic> nics,
        GuestBoot? boot, QemuRuntimePaths paths, Virsh virsh, string domain)
    {
        var xml = LibvirtDomainXml.ToText(LibvirtDomainXml.Build(Domain(instance, node, nics, new Dictionary<Guid, string>(), boot, paths, prepared: false)));
        string file = Path.Combine(paths.Directory, DomainFile);
        File.WriteAllText(file, xml);
        File.Delete(paths.ConsoleSocket);
        // Not paused: libvirt brings its own macvtaps up as it starts the domain; there is no window for Tapyard to close.
        virsh.Check($"cannot start instance {name} on node {node}", ["create", file]);
        SetState(name, InstanceState.Running);
    }

    private static void RequireMacvtapOnly(string name, IReadOnlyList<Core.Operations.ResolvedNic> nics)
    {
        // Routed NICs need Tapyard's tap and routes; bridged and openvswitch ports would be libvirt's, which Tapyard's sweeps do not know.
        if (nics.FirstOrDefault(n => n.Mode != Core.Nics.NicMode.Macvtap) is { } other)
            throw new HypervisorException($"cannot start instance {name}: NIC {other.Index} is mode={Core.Nics.NicNames.Of(other.Mode)}, "
                + "and libvirt manages only macvtap NICs (type='direct'); use Tapyard's prepared devices (the default) for this instance");
        // A VLAN NIC's macvtap sits on LINK.VLAN, which Tapyard makes and removes with the NICs it plugs itself.
        if (nics.FirstOrDefault(n => n.Vlan is not null) is { } tagged)
            throw new HypervisorException($"cannot start instance {name}: NIC {tagged.Index} has vlan {tagged.Vlan}, whose sub-interface "
                + $"{tagged.Link}.{tagged.Vlan} Tapyard makes only for the NICs it plugs; use Tapyard's prepared devices (the default) for this instance");
    }

    public void Stop(string name)
    {
        using var held = Lock(name);
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var node = NodeOf(state.NodeByUuid(instance.NodeUuid), name);
        var virsh = VirshFor(node.Name);
        string domain = instance.Uuid.ToString("D");
        if (_options.ShutdownTimeout > TimeSpan.Zero && virsh.Run(["shutdown", domain]).Succeeded)
            WaitUntilGone(virsh, domain, _options.ShutdownTimeout);
        DestroyIfPresent(virsh, domain, name);
        try
        {
            using var nodeNics = OpenNode(node, name, "stop");
            nodeNics.SweepInstance(name);
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException)
        {
            SetState(name, InstanceState.Error);
            throw new HypervisorException($"instance {name} was shut down but its NICs on node {node.Name} could not be removed: {e.Message}; "
                + "its state is error, and `instance start` or `node verify --fix` sweeps them", e);
        }
        PathsOf(name).RemoveVolatile();
        SetState(name, InstanceState.Stopped);
    }

    /// <summary>virsh reset: the guest restarts at once in the same QEMU; its NICs stay plugged and up.</summary>
    public void Reboot(string name)
    {
        using var held = Lock(name);
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var node = NodeOf(state.NodeByUuid(instance.NodeUuid), name);
        if (instance.State != InstanceState.Running)
            throw new HypervisorException($"instance {name} is not running; start it instead");
        VirshFor(node.Name).Check($"cannot reboot instance {name}", ["reset", instance.Uuid.ToString("D")]);
    }

    /// <summary>The config's state checked against `virsh domstate` (read-only). No pid: libvirtd owns the QEMU.</summary>
    public HypervisorStatus Status(Instance instance) => Status(ConfigTransaction.Read(_store), instance);

    /// <summary><see cref="Status(Instance)"/> on a config already read: no second read per instance in `instance list`.</summary>
    public HypervisorStatus Status(Core.Operations.ClusterState state, Instance instance)
    {
        if (instance.State != InstanceState.Running)
            return new HypervisorStatus(instance.State, null, instance.State == InstanceState.Error ? "a start or stop failed halfway" : null);
        var node = state.NodeByUuid(instance.NodeUuid);
        if (node is null)
            return new HypervisorStatus(InstanceState.Error, null, "its node is not in the config");
        Virsh.Result result;
        try
        {
            result = VirshFor(node.Name).Run(["domstate", instance.Uuid.ToString("D")], TimeSpan.FromSeconds(30));
        }
        catch (HypervisorException e)
        {
            return new HypervisorStatus(InstanceState.Error, null, e.Message);
        }
        if (result.DomainMissing)
            return new HypervisorStatus(InstanceState.Error, null, "its libvirt domain is gone");
        if (!result.Succeeded)
            return new HypervisorStatus(InstanceState.Error, null, $"libvirt does not answer: {result.ErrorLine}");
        string domstate = result.Output.Trim();
        return domstate is "running" or "paused" or "in shutdown"
            ? new HypervisorStatus(InstanceState.Running, null, null)
            : new HypervisorStatus(InstanceState.Error, null, $"its libvirt domain is {domstate}");
    }

    /// <summary>The domain started for <paramref name="instance"/>: every NIC on the device Tapyard plugged.</summary>
    private LibvirtDomain Domain(Instance instance, string node, IReadOnlyList<Core.Operations.ResolvedNic> nics,
        IReadOnlyDictionary<Guid, string> devices, GuestBoot? boot, QemuRuntimePaths paths, bool prepared = true) =>
        Domain(instance, node, nics, devices, boot, paths.ConsoleSocket, paths.ConsoleLog, appendLog: false, prepared);

    /// <summary>
    /// The domain XML of <paramref name="instance"/> on <paramref name="node"/> with Tapyard's <paramref name="devices"/> there,
    /// its console on <paramref name="consoleSocket"/> (a migration's target names its own devices and socket: both are per node).
    /// </summary>
    internal string DomainText(Instance instance, string node, IReadOnlyList<Core.Operations.ResolvedNic> nics,
        IReadOnlyDictionary<Guid, string> devices, string consoleSocket, string consoleLog, bool appendLog)
    {
        var state = ConfigTransaction.Read(_store);
        var boot = _options.Boot?.For(state, instance, nics);
        return LibvirtDomainXml.ToText(LibvirtDomainXml.Build(Domain(instance, node, nics, devices, boot, consoleSocket, consoleLog, appendLog, prepared: true)));
    }

    private LibvirtDomain Domain(Instance instance, string node, IReadOnlyList<Core.Operations.ResolvedNic> nics,
        IReadOnlyDictionary<Guid, string> devices, GuestBoot? boot, string consoleSocket, string consoleLog, bool appendLog, bool prepared)
    {
        var nicOptions = new LibvirtNicOptions
        {
            Instance = instance.Name, Node = node, Vcpus = instance.Vcpus,
            VhostNet = Qemu.VhostNet.IsAvailable, PreparedDevices = prepared, PluggedDevices = devices,
        };
        // TCG unless real KVM: the same detection as the QEMU driver (the PVM flavour of /dev/kvm hangs stock kernels).
        string type = LibvirtDomain.TypeFor(QemuAccelerator.Detect(_options.Accelerator));
        var kernel = boot is null ? null : new LibvirtKernelBoot(boot.Kernel, boot.Initrd, boot.Append);
        return LibvirtInstanceDomain.Of(instance, nics, nicOptions, kernel, type, consoleSocket) with { SerialLog = consoleLog, SerialLogAppend = appendLog };
    }

    private string CleanUpFailedStart(Virsh virsh, string domain, string name, bool created, NodeNics nodeNics)
    {
        try
        {
            if (created)
                DestroyIfPresent(virsh, domain, name);
            nodeNics.SweepInstance(name);
            PathsOf(name).RemoveVolatile();
            return created ? "; the libvirt domain and NICs of this start were removed" : "; the NICs of this start were removed";
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException)
        {
            SetState(name, InstanceState.Error);
            return $"; cleaning up failed too ({e.Message}): the instance is in state error and the next start sweeps it";
        }
    }

    internal static void DestroyIfPresent(Virsh virsh, string domain, string name)
    {
        var result = virsh.Run(["destroy", domain]);
        if (!result.Succeeded && !result.DomainMissing)
            throw new HypervisorException($"cannot stop instance {name}: libvirt ({virsh.Uri}) says: {result.ErrorLine}");
    }

    private static void WaitUntilGone(Virsh virsh, string domain, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            if (virsh.Run(["domstate", domain]).DomainMissing)
                return;
            Thread.Sleep(PollInterval);
        }
    }

    private void SetState(string name, InstanceState state) =>
        ConfigTransaction.Run(_store, s => { s.GetInstance(name).State = state; });

    private static Core.Model.Node NodeOf(Core.Model.Node? node, string instance) =>
        node ?? throw new HypervisorException($"instance {instance} is on a node that does not exist; fix the config");

    internal NodeNics OpenNode(Core.Model.Node node, string instance, string what) =>
        DriverNodes.Open(node, instance, what, RuntimeDirectory, _options.OvsDatabase, _options.Hooks);

    /// <summary>The instance's lock: the same file as the QEMU driver's, so the two never interleave on one instance.</summary>
    public IDisposable Lock(string name) => DriverNodes.Lock(PathsOf(name).LockFile, name);
}
