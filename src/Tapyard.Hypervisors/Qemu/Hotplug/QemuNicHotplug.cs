using System.Text.Json;
using System.Text.Json.Nodes;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Hypervisors.Qmp;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Qemu.Hotplug;

/// <summary>
/// `instance modify --net add:...|remove:IDX` on a running instance: the config and the running QEMU
/// change together, one NIC change at a time, in the order given.
/// <list type="bullet">
/// <item>add: the NIC enters the config (MAC, address), its device is plugged DOWN on the node, its queue
/// fds go to QEMU with getfd, then netdev_add (tap, fd=/fds=) and device_add (virtio-net-pci with the
/// NIC's MAC on its PCIe root port), then the device goes up. A failed step undoes the ones before: the
/// device is unplugged and the NIC leaves the config again.</item>
/// <item>remove: device_del, then the DEVICE_DELETED event (the guest released it; a timeout is an error
/// and nothing is removed), netdev_del, the device unplugged, then the NIC leaves the config.</item>
/// </list>
/// A stopped instance only changes in the config.
/// </summary>
public sealed class QemuNicHotplug
{
    public static readonly TimeSpan DefaultReleaseTimeout = TimeSpan.FromSeconds(30);

    private readonly IConfigStore _store;
    private readonly QemuDriverOptions _options;
    private readonly QemuDriver _driver;

    public QemuNicHotplug(IConfigStore store, QemuDriverOptions? options = null)
    {
        _store = store;
        _options = options ?? new QemuDriverOptions();
        _driver = new QemuDriver(store, _options);
    }

    /// <summary>How long the guest may take to release a NIC after device_del.</summary>
    public TimeSpan ReleaseTimeout { get; init; } = DefaultReleaseTimeout;

    /// <exception cref="TapyardException">A change was refused or failed; the changes before it stay applied, it is undone.</exception>
    public void Modify(InstanceModifyRequest request)
    {
        using var held = _driver.Lock(request.Name); // never interleaved with a start, stop or reboot
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(request.Name);
        var process = _driver.ProcessOf(request.Name);
        if (instance.State != InstanceState.Running || process is null)
        {
            ConfigTransaction.Run(_store, s => InstanceOperations.Modify(s, request));
            return;
        }
        if (request.Vcpus is not null || request.MemoryMiB is not null)
            throw new HypervisorException($"cannot change the vCPUs or memory of instance {request.Name} while it runs; stop it first (NICs can be added and removed while it runs)");
        // Checked as a whole first (indexes, networks, addresses): a bad change is refused before any other is applied.
        InstanceOperations.Modify(ConfigTransaction.Read(_store), request);

        var node = state.NodeByUuid(instance.NodeUuid)
            ?? throw new HypervisorException($"instance {request.Name} is on a node that does not exist; fix the config");
        using var nodeNics = _driver.OpenNode(node, request.Name, "modify"); // the driver's hooks and OVS database
        using var qmp = process.ConnectQmp(_options.StartTimeout);
        foreach (var change in request.Nics)
        {
            if (change.Action == NicRequestAction.Add)
                Add(request.Name, change, node, nodeNics, qmp);
            else
                Remove(request.Name, change, node, nodeNics, qmp);
        }
    }

    private void Add(string name, NicRequest change, Core.Model.Node node, NodeNics nodeNics, QmpClient qmp)
    {
        var known = ConfigTransaction.Read(_store).GetInstance(name).Nics.Select(n => n.Uuid).ToHashSet();
        ConfigTransaction.Run(_store, s => InstanceOperations.Modify(s, new InstanceModifyRequest { Name = name, Nics = [change] }));
        var state = ConfigTransaction.Read(_store);
        var instance = state.GetInstance(name);
        int index = instance.Nics.FindIndex(n => !known.Contains(n.Uuid));
        var nic = state.NicsOf(instance)[index];
        var existing = PeripheralIds(qmp);
        string suffix = existing.Contains(QemuNic.DeviceIdOf(index)) || existing.Contains(QemuNic.NetdevIdOf(index)) ? $"-{nic.Uuid:N}"[..9] : "";
        string netdevId = QemuNic.NetdevIdOf(index) + suffix;
        string deviceId = QemuNic.DeviceIdOf(index) + suffix;
        bool plugged = false, netdevAdded = false, deviceAdded = false;
        try
        {
            var made = nodeNics.PlugMore(instance, [nic]);
            plugged = true;
            var fdNames = new List<string>();
            try
            {
                foreach (var (queue, i) in made.Nics[0].Queues.Handles.Select((h, i) => (h, i)))
                {
                    string fdName = $"{netdevId}-q{i}";
                    qmp.SendFileDescriptor(fdName, queue);
                    fdNames.Add(fdName);
                }
            }
            finally
            {
                made.Dispose(); // QEMU holds its own copies
            }
            var netdev = new JsonObject { ["type"] = "tap", ["id"] = netdevId };
            if (fdNames.Count == 1)
                netdev["fd"] = fdNames[0];
            else
                netdev["fds"] = string.Join(':', fdNames);
            qmp.Execute("netdev_add", netdev);
            netdevAdded = true;
            var device = new JsonObject
            {
                ["driver"] = "virtio-net-pci", ["id"] = deviceId, ["netdev"] = netdevId, ["mac"] = nic.Mac,
                ["bus"] = QemuCommandLine.PortIdOf(index),
            };
            if (fdNames.Count > 1)
            {
                device["mq"] = true;
                device["vectors"] = 2 * fdNames.Count + 2;
            }
            qmp.Execute("device_add", device);
            deviceAdded = true;
            nodeNics.SetUp(name);
        }
        catch (Exception e) when (IsOperational(e))
        {
            var undone = new List<string>();
            if (deviceAdded)
                undone.Add(TryRemoveDevice(qmp, deviceId));
            if (netdevAdded)
                undone.Add(Try(() => qmp.Execute("netdev_del", new JsonObject { ["id"] = netdevId }), $"netdev {netdevId} removed"));
            if (plugged)
                undone.Add(Try(() => nodeNics.UnplugNic(name, nic.Uuid), $"its device on node {node.Name} removed"));
            undone.Add(Try(() => ConfigTransaction.Run(_store, s => InstanceOperations.Modify(s,
                new InstanceModifyRequest { Name = name, Nics = [new NicRequest { Action = NicRequestAction.Remove, Index = index }] })), "the config is unchanged"));
            throw new HypervisorException($"cannot hot-plug NIC {index} of instance {name} on node {node.Name}: {e.Message}; {string.Join(", ", undone)}", e);
        }
    }

    private void Remove(string name, NicRequest change, Core.Model.Node node, NodeNics nodeNics, QmpClient qmp)
    {
        var instance = ConfigTransaction.Read(_store).GetInstance(name);
        int index = change.Index ?? instance.Nics.Count - 1;
        if (index < 0 || index >= instance.Nics.Count)
        {
            // Core's own error message for the index.
            ConfigTransaction.Run(_store, s => InstanceOperations.Modify(s, new InstanceModifyRequest { Name = name, Nics = [change] }));
            return;
        }
        var nic = instance.Nics[index];
        if (FindDevice(qmp, nic.Mac) is { } deviceId)
        {
            string? netdevId = NetdevOf(qmp, deviceId);
            qmp.Execute("device_del", new JsonObject { ["id"] = deviceId });
            try
            {
                qmp.WaitForEvent("DEVICE_DELETED", e => e.DataString("device") == deviceId, ReleaseTimeout);
            }
            catch (TimeoutException)
            {
                throw new HypervisorException($"cannot remove NIC {index} of instance {name}: the guest did not release its device {deviceId} within "
                    + $"{ReleaseTimeout.TotalSeconds:0} s; nothing was removed (if the guest releases it later, run the remove again)");
            }
            if (netdevId is not null)
                qmp.Execute("netdev_del", new JsonObject { ["id"] = netdevId });
        }
        nodeNics.UnplugNic(name, nic.Uuid);
        ConfigTransaction.Run(_store, s => InstanceOperations.Modify(s,
            new InstanceModifyRequest { Name = name, Nics = [new NicRequest { Action = NicRequestAction.Remove, Index = index }] }));
    }

    /// <summary>The QEMU device id of the NIC with <paramref name="mac"/> (query-rx-filter names every NIC with its MAC), or null.</summary>
    private static string? FindDevice(QmpClient qmp, string mac)
    {
        foreach (var filter in qmp.Execute("query-rx-filter").EnumerateArray())
            if (filter.TryGetProperty("main-mac", out var m) && string.Equals(m.GetString(), mac, StringComparison.OrdinalIgnoreCase)
                && filter.TryGetProperty("name", out var n))
                return n.GetString();
        return null;
    }

    private static string? NetdevOf(QmpClient qmp, string deviceId)
    {
        try
        {
            var value = qmp.Execute("qom-get", new JsonObject { ["path"] = $"/machine/peripheral/{deviceId}", ["property"] = "netdev" });
            return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (QmpException)
        {
            return null;
        }
    }

    /// <summary>The ids of the devices given one (qom-list /machine/peripheral) and of the netdevs, so a hot-plugged NIC's ids are unique.</summary>
    private static HashSet<string> PeripheralIds(QmpClient qmp)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in qmp.Execute("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }).EnumerateArray())
            if (child.TryGetProperty("name", out var n) && n.GetString() is { } id)
                ids.Add(id);
        foreach (var filter in qmp.Execute("query-rx-filter").EnumerateArray())
            if (filter.TryGetProperty("name", out var n) && n.GetString() is { } id && NetdevOf(qmp, id) is { } netdev)
                ids.Add(netdev);
        return ids;
    }

    private string TryRemoveDevice(QmpClient qmp, string deviceId) => Try(() =>
    {
        qmp.Execute("device_del", new JsonObject { ["id"] = deviceId });
        qmp.WaitForEvent("DEVICE_DELETED", e => e.DataString("device") == deviceId, ReleaseTimeout);
    }, $"device {deviceId} removed from the guest");

    private static string Try(Action undo, string done)
    {
        try
        {
            undo();
            return done;
        }
        catch (Exception e) when (IsOperational(e))
        {
            return $"undoing failed ({e.Message})";
        }
    }

    private static bool IsOperational(Exception e) => MigrationPreflight.IsOperational(e);
}
