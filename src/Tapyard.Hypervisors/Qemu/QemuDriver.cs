using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qmp;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Files;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Qemu;

/// <summary>
/// Instances as QEMU processes on this host, one per instance, started in the namespace of the
/// instance's node (a lab node) or the host's. Start follows libvirt's order: plug the NICs DOWN,
/// start QEMU paused with the queue fds, connect QMP, bring the NICs up, `cont`. The config keeps
/// the administrative state; <see cref="Status"/> compares it with what runs.
/// </summary>
public sealed class QemuDriver : IHypervisorDriver
{

    private readonly IConfigStore _store;
    private readonly QemuDriverOptions _options;

    public QemuDriver(IConfigStore store, QemuDriverOptions? options = null)
    {
        _store = store;
        _options = options ?? new QemuDriverOptions();
        RuntimeDirectory = Core.Store.RuntimeDirectory.Resolve(_options.RuntimeDirectory);
    }

    public string Name => "qemu";

    public string RuntimeDirectory { get; }

    /// <summary>The instance's runtime files (&lt;run dir&gt;/instances/&lt;name&gt;/).</summary>
    public QemuRuntimePaths PathsOf(string instance) => QemuRuntimePaths.For(RuntimeDirectory, instance);

    /// <summary>The instance's QEMU while it runs, else null.</summary>
    public QemuProcess? ProcessOf(string instance) => QemuProcess.TryLoad(PathsOf(instance)) is { IsAlive: true } process ? process : null;

    public void Start(string name)
    {
        using var held = Lock(name);
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var node = state.NodeByUuid(instance.NodeUuid)
            ?? throw new HypervisorException($"instance {name} is on a node that does not exist; fix the config");
        var paths = PathsOf(name);
        if (QemuProcess.TryLoad(paths) is { IsAlive: true } running)
        {
            if (instance.State == InstanceState.Running)
                throw new HypervisorException($"instance {name} is already running (QEMU pid {running.Pid}); stop it first");
            // The config says stopped but a QEMU of ours lives: left by a start or stop that died halfway.
            running.Kill();
        }
        var nics = state.NicsOf(instance);
        var boot = _options.Boot?.For(state, instance, nics);
        var machine = new QemuMachine
        {
            Name = name, Uuid = instance.Uuid, Accelerator = QemuAccelerator.Detect(_options.Accelerator),
            Vcpus = instance.Vcpus, MemoryMiB = instance.MemoryMiB, Boot = boot,
        };

        using var nodeNics = OpenNode(node, name, "start");
        using var networkNamespace = node.Netns is { } netns ? NetworkNamespace.Open(netns) : null;
        // After a crash (QEMU killed, host rebooted) the old devices are still there: away with them first.
        nodeNics.SweepInstance(name);
        var plugged = nodeNics.Plug(instance, nics); // all or nothing; its error says what was undone
        QemuProcess? process = null;
        try
        {
            try
            {
                process = QemuLauncher.Launch(new QemuLaunchRequest
                {
                    Machine = machine, Paths = paths, Node = node.Name, Namespace = networkNamespace ?? NetworkNamespace.Host,
                    Nics = QemuNicFiles.Of(plugged), Binary = _options.Binary, StartTimeout = _options.StartTimeout,
                });
            }
            finally
            {
                plugged.Dispose(); // QEMU holds its own copies of the queue fds
            }
            using (var qmp = process.ConnectQmp(_options.StartTimeout))
            {
                nodeNics.SetUp(name); // just before the vCPUs run: the guest never speaks early
                qmp.Execute("cont");
            }
            ConfigTransaction.Run(_store, s => { s.GetInstance(name).State = InstanceState.Running; });
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException or UnauthorizedAccessException)
        {
            string cleanup = CleanUpFailedStart(name, process, nodeNics, paths);
            string reason = e is HypervisorException && e.Message.StartsWith($"cannot start instance {name}", StringComparison.Ordinal)
                ? e.Message
                : $"cannot start instance {name} on node {node.Name}: {e.Message}";
            throw new HypervisorException(reason + cleanup, e);
        }
    }

    public void Stop(string name)
    {
        using var held = Lock(name);
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var node = state.NodeByUuid(instance.NodeUuid)
            ?? throw new HypervisorException($"instance {name} is on a node that does not exist; fix the config");
        var paths = PathsOf(name);
        QemuProcess.TryLoad(paths)?.Shutdown(_options.QuitTimeout);
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
        paths.RemoveVolatile();
        SetState(name, InstanceState.Stopped);
    }

    /// <summary>
    /// QMP system_reset: the guest restarts at once in the same QEMU, keeping its NICs plugged and up
    /// (a stop + start would delete and re-create the macvtaps for nothing, and take seconds more).
    /// </summary>
    public void Reboot(string name)
    {
        using var held = Lock(name);
        var instance = ConfigTransaction.Read(_store).GetInstance(name);
        var process = ProcessOf(name);
        if (process is null || instance.State != InstanceState.Running)
            throw new HypervisorException($"instance {name} is not running; start it instead");
        using var qmp = process.ConnectQmp(_options.StartTimeout);
        qmp.Execute("system_reset");
    }

    public HypervisorStatus Status(Instance instance)
    {
        if (instance.State != InstanceState.Running)
            return new HypervisorStatus(instance.State, null, instance.State == InstanceState.Error ? "a start or stop failed halfway" : null);
        var process = QemuProcess.TryLoad(PathsOf(instance.Name));
        if (process is null)
            return new HypervisorStatus(InstanceState.Error, null, "its QEMU record is missing");
        return process.IsAlive
            ? new HypervisorStatus(InstanceState.Running, process.Pid, null)
            : new HypervisorStatus(InstanceState.Error, null, $"its QEMU (pid {process.Pid}) ended on its own");
    }

    private string CleanUpFailedStart(string name, QemuProcess? process, NodeNics nodeNics, QemuRuntimePaths paths)
    {
        try
        {
            if (process is { IsAlive: true })
                process.Kill();
            nodeNics.SweepInstance(name);
            paths.RemoveVolatile();
            return "; the QEMU and NICs of this start were removed";
        }
        catch (Exception e) when (e is TapyardException or TapyardLinuxException or IOException)
        {
            SetState(name, InstanceState.Error);
            return $"; cleaning up failed too ({e.Message}): the instance is in state error and the next start sweeps it";
        }
    }

    private void SetState(string name, InstanceState state) =>
        ConfigTransaction.Run(_store, s => { s.GetInstance(name).State = state; });

    internal NodeNics OpenNode(Core.Model.Node node, string instance, string what) =>
        DriverNodes.Open(node, instance, what, RuntimeDirectory, _options.OvsDatabase, _options.Hooks);

    /// <summary>
    /// The instance's lock (flock on RUN_DIR/instances/NAME.lock), held by start, stop and reboot;
    /// migration and hot-plug take it too so they never interleave with them.
    /// </summary>
    public IDisposable Lock(string name) => DriverNodes.Lock(PathsOf(name).LockFile, name);
}
