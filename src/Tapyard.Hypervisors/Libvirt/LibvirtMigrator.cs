using System.Diagnostics;
using System.Globalization;
using Tapyard.Core.Model;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// Live migration of a running libvirt instance to another node, with the QEMU migrator's guarantees:
/// <list type="number">
/// <item>the same checks first (nodes, every NIC's link on the target, the target's receive address), and the
/// target's libvirtd must answer and hold no domain of the instance; nothing changes on a refusal;</item>
/// <item>Tapyard plugs the NICs on the target DOWN; their names are the target node's, so the target gets its own
/// domain XML (`virsh migrate --xml`: the same guest, its NICs on the target's devices, its console socket in an
/// incoming directory because a quitting QEMU unlinks the socket path it bound);</item>
/// <item>`virsh migrate --live` with both daemons' URIs (not peer-to-peer: virsh drives both, as the
/// daemons need not reach each other), the stream to tcp:&lt;target's primary IP&gt;; libvirt runs the guest on the
/// target and ends the source's domain;</item>
/// <item>the instant the target's libvirtd reports the guest resumed (a `virsh event` watch): the source's NICs
/// down, the target's up (the guest's first frames after the resume may be lost; it never speaks from two
/// nodes); then announce-self (the MAC moves). Switching after virsh returns instead would add libvirt's finish
/// and confirm steps, 1.5-1.9 s measured, to the outage;</item>
/// <item>the config's node becomes the target, the source's devices and records are swept.</item>
/// </list>
/// A failure before libvirt completes leaves the guest running on the source (libvirt cancels and resumes it;
/// Tapyard resumes it if it stays paused) and nothing on the target (domain, devices, records, files).
/// After completion there is no way back (libvirt has ended the source's domain): a failed resume leaves the
/// instance on the target in state error.
/// </summary>
public sealed class LibvirtMigrator
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private readonly IConfigStore _store;
    private readonly LibvirtDriver _driver;

    public LibvirtMigrator(IConfigStore store, LibvirtDriverOptions? options = null)
    {
        _store = store;
        _driver = new LibvirtDriver(store, options);
    }

    /// <summary>How long `virsh migrate` may take before the job is aborted and rolled back.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Progress lines, for a CLI that says what it does.</summary>
    public Action<string>? Progress { get; init; }

    /// <exception cref="HypervisorException">Refused (nothing changed) or failed (see the class summary for where the guest is).</exception>
    public MigrationResult Migrate(string name, string targetNodeName)
    {
        var clock = Stopwatch.StartNew();
        var paths = _driver.PathsOf(name);
        using var held = _driver.Lock(name);

        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        var (source, target) = MigrationPreflight.Nodes(state, instance, targetNodeName);
        if (_driver.Options.LibvirtManagesNics)
            throw new HypervisorException($"cannot migrate instance {name}: libvirt manages its NICs, and Tapyard migrates only instances on its prepared devices; nothing was changed");
        var status = _driver.Status(instance);
        if (status.State != InstanceState.Running)
            throw new HypervisorException($"cannot migrate instance {name}: it is not running (state {status.State.ToString().ToLowerInvariant()}"
                + (status.Reason is { } reason ? $": {reason}" : "") + "); start it first");

        var onTarget = MigrationPreflight.CopyOn(instance, target);
        var targetNics = state.NicsOf(onTarget);
        using var targetNamespace = MigrationPreflight.OpenNamespace(target, name);
        MigrationPreflight.CheckLinks(name, target, targetNics, targetNamespace ?? NetworkNamespace.Host);
        var address = MigrationPreflight.ReceiveAddress(name, target, targetNamespace ?? NetworkNamespace.Host);
        string domain = instance.Uuid.ToString("D");
        var sourceVirsh = _driver.VirshFor(source.Name);
        var targetVirsh = _driver.VirshFor(target.Name);
        var there = targetVirsh.Run(["domstate", domain]);
        if (there.Succeeded)
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: libvirt there already has its domain {domain} ({there.Output.Trim()}); "
                + "destroy it there first; nothing was changed");
        if (!there.DomainMissing)
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: libvirt ({targetVirsh.Uri}) there does not answer: {there.ErrorLine}; "
                + $"start the node's libvirtd (tapyard node libvirtd {target.Name}); nothing was changed");

        using var targetNodeNics = _driver.OpenNode(target, name, "migrate");
        using var sourceNodeNics = _driver.OpenNode(source, name, "migrate");
        var incoming = paths.NewIncoming();
        string uri = $"tcp:{MigrationPreflight.Host(address)}";
        var wire = new MigrationWireSwitch(name, sourceNodeNics, targetNodeNics);
        var transfer = new Stopwatch();
        Exception? failure = null;
        // The wire moves the instant libvirt runs the guest on the target (its RESUMED event), not after virsh
        // returns: libvirt's finish and confirm steps (ending the source's QEMU) take another second or more.
        using (LifecycleWatch.Start(targetVirsh.Uri, line =>
               {
                   if (LifecycleWatch.IsResumed(line, name))
                       wire.TrySwitch();
               }, _driver.Options.VirshBinary))
        {
            try
            {
                Say($"plugging the NICs of instance {name} on node {target.Name} (down)");
                var plugged = targetNodeNics.Plug(onTarget, targetNics);
                var devices = plugged.Nics.ToDictionary(n => n.NicUuid, n => n.Device);
                plugged.Dispose(); // libvirt opens the devices itself on the target
                Directory.CreateDirectory(incoming.Directory);
                string xml = Path.Combine(incoming.Directory, LibvirtDriver.DomainFile);
                File.WriteAllText(xml, _driver.DomainText(onTarget, target.Name, targetNics, devices, incoming.ConsoleSocket, paths.ConsoleLog, appendLog: true));
                Say($"migrating instance {name} from node {source.Name} to node {target.Name} ({uri})");
                transfer.Start();
                sourceVirsh.Check("libvirt's migration failed",
                    ["migrate", "--live", "--domain", domain, "--desturi", targetVirsh.Uri,
                     "--migrateuri", uri, "--listen-address", address.ToString(), "--xml", xml], Timeout);
                transfer.Stop();
            }
            catch (Exception e) when (MigrationPreflight.IsOperational(e))
            {
                failure = e;
            }
        } // the watch has ended here: no switch runs during a rollback
        if (failure is not null)
        {
            string cleanup = RollBack(name, domain, sourceVirsh, targetVirsh, targetNodeNics, wire, incoming, source, target);
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: {failure.Message}{cleanup}", failure);
        }

        // libvirt is done: the guest runs on the target, the source's domain is gone. The wire switched on the event;
        // if the event was missed (or the switch failed there), now.
        if (!wire.TrySwitch())
        {
            ConfigTransaction.Run(_store, s =>
            {
                var moved = s.GetInstance(name);
                moved.NodeUuid = target.Uuid;
                moved.State = InstanceState.Error;
            });
            throw new HypervisorException($"cannot migrate instance {name} to node {target.Name}: libvirt moved it (and ended the source's domain), "
                + $"but its NICs could not be switched over ({wire.Error?.Message}); the instance is now on node {target.Name} in state error: "
                + $"`instance stop {name}` and `instance start {name}`", wire.Error);
        }
        var switchover = wire.Elapsed;

        // From here on the guest runs on the target: problems are warnings, never a rollback.
        var warnings = new List<string>();
        // QEMU announced the guest's MAC when the transfer completed, while the target's NICs were still down: again now.
        var announce = targetVirsh.Run(["qemu-monitor-command", domain,
            new System.Text.Json.Nodes.JsonObject { ["execute"] = "announce-self", ["arguments"] = QemuMigrator.AnnounceParameters }.ToJsonString()]);
        if (!announce.Succeeded)
            warnings.Add($"announcing the guest's MAC on node {target.Name} failed ({announce.ErrorLine}); switches learn it from the guest's next frame");
        try
        {
            // libvirt swapped the target devices' root qdiscs for noqueue when it created the incoming domain.
            targetNodeNics.ReapplyBandwidth(name, targetNics);
        }
        catch (Exception e) when (MigrationPreflight.IsOperational(e))
        {
            warnings.Add($"setting the bandwidth limits of instance {name} on node {target.Name} failed ({e.Message}); `instance stop` and `start` set them again");
        }
        var (total, downtime) = CompletedJob(targetVirsh, domain);
        ConfigTransaction.Run(_store, s => { s.GetInstance(name).NodeUuid = target.Uuid; });
        Say($"instance {name} runs on node {target.Name}; sweeping its devices on node {source.Name}");
        try
        {
            sourceNodeNics.SweepInstance(name);
        }
        catch (Exception e) when (MigrationPreflight.IsOperational(e))
        {
            warnings.Add($"the NICs of instance {name} on node {source.Name} could not be removed ({e.Message}); `node verify --fix {source.Name}` removes them");
        }
        try
        {
            // The source's QEMU is gone (libvirt ended its domain): its socket path is free for the target's socket.
            File.Move(incoming.ConsoleSocket, paths.ConsoleSocket, overwrite: true);
            File.Move(Path.Combine(incoming.Directory, LibvirtDriver.DomainFile), Path.Combine(paths.Directory, LibvirtDriver.DomainFile), overwrite: true);
            Directory.Delete(incoming.Directory, recursive: true);
        }
        catch (IOException e)
        {
            warnings.Add($"moving the console socket from {incoming.Directory} to {paths.Directory} failed: {e.Message}");
        }
        return new MigrationResult
        {
            Instance = name, SourceNode = source.Name, TargetNode = target.Name, Uri = uri,
            TotalTime = total ?? transfer.Elapsed, Downtime = downtime ?? TimeSpan.Zero, Switchover = switchover, Elapsed = clock.Elapsed, Warnings = warnings,
        };
    }

    /// <summary>Back to where we started: the guest runs on the source; nothing of it on the target.</summary>
    private string RollBack(string name, string domain, Virsh sourceVirsh, Virsh targetVirsh, NodeNics targetNodeNics, MigrationWireSwitch wire,
        QemuRuntimePaths incoming, Core.Model.Node source, Core.Model.Node target)
    {
        var problems = new List<string>();
        // A virsh that timed out leaves libvirt's job running: abort it (libvirt then ends the incoming domain itself).
        sourceVirsh.Run(["domjobabort", domain]);
        var onSource = sourceVirsh.Run(["domstate", domain]);
        if (onSource.DomainMissing)
        {
            // libvirt completed after all: the only copy of the guest is on the target, which must not be destroyed.
            ConfigTransaction.Run(_store, s =>
            {
                var moved = s.GetInstance(name);
                moved.NodeUuid = target.Uuid;
                moved.State = InstanceState.Error;
            });
            return $"; libvirt ended the domain on node {source.Name}, so the guest is on node {target.Name} (state error): `instance stop {name}` and `instance start {name}`";
        }
        try
        {
            LibvirtDriver.DestroyIfPresent(targetVirsh, domain, name);
        }
        catch (HypervisorException e) { problems.Add(e.Message); }
        try
        {
            targetNodeNics.SweepInstance(name);
        }
        catch (Exception e) when (MigrationPreflight.IsOperational(e)) { problems.Add($"the NICs on node {target.Name} could not be removed: {e.Message}"); }
        try
        {
            if (Directory.Exists(incoming.Directory))
                Directory.Delete(incoming.Directory, recursive: true);
        }
        catch (IOException e) { problems.Add(e.Message); }

        string guest = "the guest still runs on the source node";
        try
        {
            wire.Undo(); // the source's NICs up again if the target had resumed before libvirt gave up
        }
        catch (Exception e) when (MigrationPreflight.IsOperational(e))
        {
            guest = $"the source's NICs could not be brought up again ({e.Message}): check it with `instance info {name}`";
        }
        if (onSource.Succeeded && onSource.Output.Trim() == "paused")
            guest = sourceVirsh.Run(["resume", domain]) is { Succeeded: true }
                ? "the guest was resumed on the source node"
                : $"the guest is paused on node {source.Name} and could not be resumed: check it with `instance info {name}`";
        return problems.Count == 0
            ? $"; {guest}; nothing was left on node {target.Name}"
            : $"; {guest}; cleaning node {target.Name} failed ({string.Join("; ", problems)}): `node verify --fix {target.Name}` removes what is left";
    }

    /// <summary>libvirt's figures for the completed job (the target keeps them): total time and downtime; null where it has none.</summary>
    private static (TimeSpan? Total, TimeSpan? Downtime) CompletedJob(Virsh virsh, string domain)
    {
        var info = virsh.Run(["domjobinfo", domain, "--completed"]);
        if (!info.Succeeded)
            return (null, null);
        TimeSpan? Field(string label)
        {
            foreach (string line in info.Output.Split('\n'))
            {
                if (!line.StartsWith(label + ":", StringComparison.Ordinal))
                    continue;
                string[] parts = line[(label.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries); // virsh pads: "%-12llu ms"
                if (parts.Length == 2 && parts[1] == "ms" && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms))
                    return TimeSpan.FromMilliseconds(ms);
            }
            return null;
        }
        return (Field("Time elapsed"), Field("Total downtime"));
    }

    private void Say(string line) => Progress?.Invoke(line);
}
