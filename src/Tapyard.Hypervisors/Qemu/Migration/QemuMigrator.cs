using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qmp;
using Tapyard.Linux;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Qemu.Migration;

/// <summary>
/// Live migration of a running instance to another node, in libvirt's order:
/// <list type="number">
/// <item>check that every NIC's link exists on the target (Neutron's rule) before anything changes;</item>
/// <item>plug the NICs on the target DOWN and start the incoming QEMU there (same machine, -S, -incoming defer);</item>
/// <item>migrate-incoming tcp:&lt;target node's primary IP&gt;:0 (QEMU picks the port), migrate from the source;</item>
/// <item>when the target reports completed: the source's NICs down, the target's up, cont on the target;</item>
/// <item>the node in the config becomes the target; the source QEMU quits and its devices are swept.</item>
/// </list>
/// A failure before the guest runs on the target leaves it running on the source (cont when it was
/// paused, NICs up again) and nothing on the target (QEMU killed, NICs and records swept).
/// </summary>
public sealed class QemuMigrator
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// QEMU 7.2 throttles migration to 32 MiB/s by default; libvirt lifts the limit, and so do we:
    /// nodes are on a LAN, and a slow transfer only lengthens the time the guest is dirtying pages.
    /// </summary>
    public const long MaxBandwidthBytesPerSecond = 10L * 1024 * 1024 * 1024;

    /// <summary>announce-self's arguments after a switchover (also the libvirt migrator's, through qemu-monitor-command).</summary>
    public static JsonObject AnnounceParameters => new() { ["initial"] = 0, ["max"] = 100, ["rounds"] = 3, ["step"] = 50 };

    private readonly IConfigStore _store;
    private readonly QemuDriverOptions _options;
    private readonly QemuDriver _driver;

    public QemuMigrator(IConfigStore store, QemuDriverOptions? options = null)
    {
        _store = store;
        _options = options ?? new QemuDriverOptions();
        _driver = new QemuDriver(store, _options);
    }

    /// <summary>How long the transfer may take before it is cancelled and rolled back.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Progress lines ("plugging NICs on node n2", ...), for a CLI that says what it does.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>The prefix of a migration's incoming directory (<see cref="QemuRuntimePaths.IncomingPrefix"/>).</summary>
    public string IncomingPrefixOf(string instance) => _driver.PathsOf(instance).IncomingPrefix;

    /// <exception cref="HypervisorException">Refused (nothing changed) or failed (the guest still runs on the source; nothing left on the target).</exception>
    public MigrationResult Migrate(string name, string targetNodeName)
    {
        var clock = Stopwatch.StartNew();
        var paths = _driver.PathsOf(name);
        using var held = _driver.Lock(name); // never interleaved with a start, stop or reboot

        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var (source, target) = MigrationPreflight.Nodes(state, instance, targetNodeName);
        var process = _driver.ProcessOf(name);
        if (instance.State != InstanceState.Running || process is null)
            throw new HypervisorException($"cannot migrate instance {name}: it is not running (state {NameOf(_driver.Status(instance).State)}); start it first");

        // The NICs as they resolve on the target: its group may connect the network with another link.
        var onTarget = MigrationPreflight.CopyOn(instance, target);
        var targetNics = state.NicsOf(onTarget);
        using var targetNamespace = MigrationPreflight.OpenNamespace(target, name);
        using var sourceNamespace = MigrationPreflight.OpenNamespace(source, name);
        MigrationPreflight.CheckLinks(name, target, targetNics, targetNamespace ?? NetworkNamespace.Host);
        var address = MigrationPreflight.ReceiveAddress(name, target, targetNamespace ?? NetworkNamespace.Host);

        using var targetNodeNics = _driver.OpenNode(target, name, "migrate"); // the driver's hooks and OVS database
        using var sourceNodeNics = _driver.OpenNode(source, name, "migrate");
        var incomingPaths = paths.NewIncoming();
        QemuProcess? incoming = null;
        QmpClient? sourceQmp = null;
        QmpClient? targetQmp = null;
        bool sourceNicsDown = false;
        string uri = "";
        try
        {
            Say($"plugging the NICs of instance {name} on node {target.Name} (down)");
            var plugged = targetNodeNics.Plug(onTarget, targetNics);
            try
            {
                PrepareIncomingDirectory(incomingPaths, paths);
                Say($"starting the incoming QEMU on node {target.Name}");
                incoming = QemuLauncher.Launch(new QemuLaunchRequest
                {
                    Machine = MachineOf(state, instance), Paths = incomingPaths, Node = target.Name,
                    Namespace = targetNamespace ?? NetworkNamespace.Host, Nics = QemuNicFiles.Of(plugged), Paused = true,
                    ExtraArguments = ["-incoming", "defer"], Binary = _options.Binary, StartTimeout = _options.StartTimeout,
                });
            }
            finally
            {
                plugged.Dispose(); // QEMU holds its own copies of the queue fds
            }
            targetQmp = incoming.ConnectQmp(_options.StartTimeout);
            sourceQmp = process.ConnectQmp(_options.StartTimeout);
            EnableEvents(targetQmp);
            EnableEvents(sourceQmp);
            sourceQmp.Execute("migrate-set-parameters", new JsonObject { ["max-bandwidth"] = MaxBandwidthBytesPerSecond });
            targetQmp.Execute("migrate-incoming", new JsonObject { ["uri"] = $"tcp:{MigrationPreflight.Host(address)}:0" });
            int port = MigrationStatus.Parse(targetQmp.Execute("query-migrate")).ListeningPorts.FirstOrDefault();
            if (port == 0)
                throw new HypervisorException("the incoming QEMU did not report the port it listens on");
            uri = $"tcp:{MigrationPreflight.Host(address)}:{port}";
            Say($"migrating instance {name} from node {source.Name} to {uri}");
            sourceQmp.Execute("migrate", new JsonObject { ["uri"] = uri });
            WaitForCompletion(sourceQmp, targetQmp, incoming);
        }
        catch (Exception e) when (IsOperational(e))
        {
            string cleanup = RollBack(name, incoming, incomingPaths, targetNodeNics, sourceQmp, sourceNodeNics, sourceNicsDown, target, source);
            sourceQmp?.Dispose();
            targetQmp?.Dispose();
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: {e.Message}{cleanup}", e);
        }

        // QEMU is done: the guest's state is on the target, paused. Switch the wire over, then run it.
        var switchClock = Stopwatch.StartNew();
        try
        {
            sourceNodeNics.SetDown(name);
            sourceNicsDown = true;
            targetNodeNics.SetUp(name);
            targetQmp.Execute("cont");
            // QEMU announced the guest's MAC (RARP) when the transfer completed, while the target's NICs
            // were still down: once more now they are up, so the switch learns the new port at once
            // (Nova's announce-self after a live migration, for the same reason).
            targetQmp.Execute("announce-self", AnnounceParameters);
        }
        catch (Exception e) when (IsOperational(e))
        {
            string cleanup = RollBack(name, incoming, incomingPaths, targetNodeNics, sourceQmp, sourceNodeNics, sourceNicsDown, target, source);
            sourceQmp.Dispose();
            targetQmp.Dispose();
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: resuming it there failed: {e.Message}{cleanup}", e);
        }
        var switchover = switchClock.Elapsed;
        targetQmp.Dispose();

        // From here on the guest runs on the target: problems are warnings, never a rollback.
        var warnings = new List<string>();
        var final = TryQuery(sourceQmp);
        sourceQmp.Dispose();
        ConfigTransaction.Run(_store, s => { s.GetInstance(name).NodeUuid = target.Uuid; });
        Say($"instance {name} runs on node {target.Name}; stopping its QEMU on node {source.Name} and sweeping its devices there");
        process.Shutdown(_options.QuitTimeout);
        try
        {
            AdoptIncoming(paths, incomingPaths);
        }
        catch (IOException e)
        {
            warnings.Add($"moving the runtime files from {incomingPaths.Directory} to {paths.Directory} failed: {e.Message}");
        }
        try
        {
            sourceNodeNics.SweepInstance(name);
        }
        catch (Exception e) when (IsOperational(e))
        {
            warnings.Add($"the NICs of instance {name} on node {source.Name} could not be removed ({e.Message}); `node verify --fix {source.Name}` removes them");
        }
        return new MigrationResult
        {
            Instance = name, SourceNode = source.Name, TargetNode = target.Name, Uri = uri,
            TotalTime = TimeSpan.FromMilliseconds(final?.TotalTimeMs ?? 0), Downtime = TimeSpan.FromMilliseconds(final?.DowntimeMs ?? 0),
            RamTransferredBytes = final?.RamTransferred ?? 0, Switchover = switchover, Elapsed = clock.Elapsed, Warnings = warnings,
        };
    }

    /// <summary>
    /// Waits for the target's MIGRATION completed (or failed) event, polling the source every
    /// <see cref="PollInterval"/> for a failure it alone reports. One event waiter serves the whole
    /// transfer: a wait that timed out every tick threw two exceptions each time, and that CPU (30-75 ms
    /// per migration on 2 cores) was taken from the QEMUs doing the transfer (BENCHMARKS.md, Migrate).
    /// </summary>
    private void WaitForCompletion(QmpClient sourceQmp, QmpClient targetQmp, QemuProcess incoming)
    {
        var deadline = Stopwatch.StartNew();
        bool sourceDone = false;
        using var stopWaiting = new CancellationTokenSource();
        // The target's word is what counts: it has loaded every device's state.
        var finished = targetQmp.WaitForEventAsync("MIGRATION",
            e => e.DataString("status") is MigrationStatus.Completed or MigrationStatus.Failed,
            System.Threading.Timeout.InfiniteTimeSpan, stopWaiting.Token);
        try
        {
            while (true)
            {
                if (((IAsyncResult)finished).AsyncWaitHandle.WaitOne(PollInterval))
                {
                    var migration = finished.GetAwaiter().GetResult(); // a lost connection throws here
                    if (migration.DataString("status") == MigrationStatus.Completed)
                        return;
                    throw new HypervisorException("the incoming QEMU reports the migration failed" + SourceError(sourceQmp));
                }
                if (!incoming.IsAlive)
                    throw new HypervisorException($"the incoming QEMU ended during the migration (see {incoming.Paths.QemuLog})");
                if (!sourceDone)
                {
                    var status = MigrationStatus.Parse(sourceQmp.Execute("query-migrate"));
                    if (status.Status is MigrationStatus.Failed or MigrationStatus.Cancelled)
                        throw new HypervisorException($"the migration {status.Status}" + (status.ErrorDescription is { } d ? $": {d}" : ""));
                    sourceDone = status.Status == MigrationStatus.Completed;
                }
                if (deadline.Elapsed > Timeout)
                    throw new HypervisorException($"the migration did not complete within {Timeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            // Removes the waiter when we leave before the event (failure, timeout); the cancelled task is observed here.
            stopWaiting.Cancel();
            _ = finished.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }

    private static string SourceError(QmpClient sourceQmp)
    {
        var status = TryQuery(sourceQmp);
        return status?.ErrorDescription is { } description ? $" ({description})" : "";
    }

    /// <summary>Back to where we started: the guest runs on the source with its NICs up; nothing of it on the target.</summary>
    private string RollBack(string name, QemuProcess? incoming, QemuRuntimePaths incomingPaths, NodeNics targetNodeNics,
        QmpClient? sourceQmp, NodeNics sourceNodeNics, bool sourceNicsDown, Core.Model.Node target, Core.Model.Node source)
    {
        var problems = new List<string>();
        try
        {
            if (incoming is { IsAlive: true })
                incoming.Kill();
        }
        catch (HypervisorException e) { problems.Add(e.Message); }
        try
        {
            targetNodeNics.SweepInstance(name);
        }
        catch (Exception e) when (IsOperational(e)) { problems.Add($"the NICs on node {target.Name} could not be removed: {e.Message}"); }
        try
        {
            if (Directory.Exists(incomingPaths.Directory))
                Directory.Delete(incomingPaths.Directory, recursive: true);
        }
        catch (IOException e) { problems.Add(e.Message); }

        string guest;
        try
        {
            if (sourceNicsDown)
                sourceNodeNics.SetUp(name);
            guest = ResumeSource(sourceQmp);
        }
        catch (Exception e) when (IsOperational(e))
        {
            guest = $"resuming the guest on node {source.Name} failed too ({e.Message}): check it with `instance info {name}`";
        }
        return problems.Count == 0
            ? $"; {guest}; nothing was left on node {target.Name}"
            : $"; {guest}; cleaning node {target.Name} failed ({string.Join("; ", problems)}): `node verify --fix {target.Name}` removes what is left";
    }

    /// <summary>Cancels a transfer still under way; runs the source's vCPUs again when they are stopped (a completed migration leaves them so).</summary>
    private static string ResumeSource(QmpClient? sourceQmp)
    {
        if (sourceQmp is null)
            return "the guest still runs on the source node";
        var status = TryQuery(sourceQmp);
        if (status is { IsFinished: false } && status.Status != "none")
        {
            sourceQmp.Execute("migrate_cancel");
            var deadline = Stopwatch.StartNew();
            while (TryQuery(sourceQmp) is { IsFinished: false } now && now.Status != "none" && deadline.Elapsed < TimeSpan.FromSeconds(10))
                Thread.Sleep(PollInterval);
        }
        var running = sourceQmp.Execute("query-status");
        if (running.TryGetProperty("running", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.False)
        {
            sourceQmp.Execute("cont");
            return "the guest was resumed on the source node";
        }
        return "the guest still runs on the source node";
    }

    private static MigrationStatus? TryQuery(QmpClient qmp)
    {
        try { return MigrationStatus.Parse(qmp.Execute("query-migrate")); }
        catch (Exception e) when (e is TapyardException) { return null; }
    }

    private static void EnableEvents(QmpClient qmp) =>
        qmp.Execute("migrate-set-capabilities", new JsonObject
        {
            ["capabilities"] = new JsonArray(new JsonObject { ["capability"] = "events", ["state"] = true }),
        });

    /// <summary>
    /// The incoming QEMU's directory, fresh; its console.log is a symlink to the instance's, so the
    /// guest's console output continues in one file wherever it runs.
    /// </summary>
    private static void PrepareIncomingDirectory(QemuRuntimePaths incoming, QemuRuntimePaths paths)
    {
        if (Directory.Exists(incoming.Directory))
            Directory.Delete(incoming.Directory, recursive: true);
        Directory.CreateDirectory(incoming.Directory);
        if (!File.Exists(paths.ConsoleLog))
            File.WriteAllText(paths.ConsoleLog, "");
        File.CreateSymbolicLink(incoming.ConsoleLog, paths.ConsoleLog);
    }

    /// <summary>
    /// After the source QEMU is gone: the incoming QEMU's sockets, pid file and record move into the
    /// instance's directory (a bound unix socket keeps working under its new name), its log is appended.
    /// </summary>
    private static void AdoptIncoming(QemuRuntimePaths paths, QemuRuntimePaths incoming)
    {
        paths.RemoveVolatile();
        File.Move(incoming.QmpSocket, paths.QmpSocket, overwrite: true);
        File.Move(incoming.ConsoleSocket, paths.ConsoleSocket, overwrite: true);
        File.Move(incoming.PidFile, paths.PidFile, overwrite: true);
        File.Move(incoming.ProcessFile, paths.ProcessFile, overwrite: true);
        if (File.Exists(incoming.QemuLog))
            File.AppendAllText(paths.QemuLog, File.ReadAllText(incoming.QemuLog));
        Directory.Delete(incoming.Directory, recursive: true);
    }

    private QemuMachine MachineOf(ClusterState state, Instance instance) => new()
    {
        Name = instance.Name, Uuid = instance.Uuid, Accelerator = QemuAccelerator.Detect(_options.Accelerator),
        Vcpus = instance.Vcpus, MemoryMiB = instance.MemoryMiB, Boot = _options.Boot?.For(state, instance, state.NicsOf(instance)),
    };

    private static string NameOf(InstanceState state) => state.ToString().ToLowerInvariant();

    private static bool IsOperational(Exception e) => MigrationPreflight.IsOperational(e);


    private void Say(string line) => Progress?.Invoke(line);
}
