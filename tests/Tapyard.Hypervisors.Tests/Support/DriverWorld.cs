using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using Tapyard.Core.Model;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Lab.Guest;

namespace Tapyard.Hypervisors.Tests.Support;

/// <summary>
/// A lab-like world for the driver: a switch namespace whose bridge br0 carries the "outside" host
/// address 198.51.100.1/24, a node namespace with uplink eth0 on that bridge, and a cluster (state and
/// runtime directories of its own) with node n1 in that namespace and network net 198.51.100.0/24
/// connected in macvtap bridge mode on eth0. Every QEMU started here is killed by pid on dispose.
/// </summary>
public sealed class DriverWorld : IDisposable
{
    public const string NodeName = "n1";
    public const string Uplink = "eth0";
    public const string NetworkName = "net";
    public const string Outside = "198.51.100.1";

    private readonly SwitchedNode _world;
    private readonly TempDirectory _state;
    private readonly TempDirectory _run;

    /// <param name="hooks">NIC hooks the driver runs (the driver's NodeNics get them); null: none.</param>
    /// <param name="ovsDatabase">ovs-vsctl's --db for openvswitch NICs; null: its default.</param>
    public DriverWorld(string purpose, IGuestBootProvider? boot = null, string? binary = null, Node.Hooks.NicHooks? hooks = null, string? ovsDatabase = null)
    {
        Root.Require();
        _world = SwitchedNode.Create(purpose);
        _state = new TempDirectory($"{purpose}-state");
        _run = new TempDirectory($"{purpose}-run");
        try
        {
            _world.AddUplink(Uplink);
            Ip.Run("-n", _world.Switch.Name, "addr", "add", $"{Outside}/24", "dev", SwitchedNode.Bridge);
            Store = new FileConfigStore(_state.Path);
            ConfigTransaction.Initialize(Store, () => ClusterOperations.Init(new ClusterInitRequest()));
            ConfigTransaction.Run(Store, s =>
            {
                NodeOperations.Add(s, new NodeAddRequest { Name = NodeName, Netns = _world.Node.Name });
                NetworkOperations.Add(s, new NetworkAddRequest { Name = NetworkName, Network = "198.51.100.0/24", Gateway = Outside });
                NetworkOperations.Connect(s, NetworkName, ClusterInitRequest.DefaultGroupName,
                    NicParamsParser.Parse($"mode=macvtap,link={Uplink},mvtap_mode=bridge"), checkConflicts: true);
            });
            Driver = new QemuDriver(Store, new QemuDriverOptions { RuntimeDirectory = _run.Path, Boot = boot, Binary = binary ?? QemuLauncher.DefaultBinary, Hooks = hooks, OvsDatabase = ovsDatabase });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public FileConfigStore Store { get; } = null!;
    public QemuDriver Driver { get; } = null!;
    public string RunDirectory => _run.Path;
    public TestNamespace Node => _world.Node;
    public TestNamespace Switch => _world.Switch;

    /// <summary>Adds an instance on n1 with NICs ("0:network=net,ip=pool" by default).</summary>
    public Instance AddInstance(string name, int vcpus = 1, params string[] nics) =>
        ConfigTransaction.Run(Store, s => InstanceOperations.Add(s, new InstanceAddRequest
        {
            Name = name, Node = NodeName, Vcpus = vcpus,
            Nics = (nics.Length == 0 ? ["0:network=net,ip=pool"] : nics).Select(NicRequestParser.Parse).ToList(),
        }));

    public Instance Instance(string name) => ConfigTransaction.Read(Store).GetInstance(name);

    public ResolvedNic NicOf(string name) => ConfigTransaction.Read(Store).NicsOf(Instance(name))[0];

    public IReadOnlyList<ResolvedNic> NicsOf(string name) => ConfigTransaction.Read(Store).NicsOf(Instance(name));

    /// <summary>Another veth from the node to a port (p-NAME) of the switch's bridge.</summary>
    public void AddUplink(string name) => _world.AddUplink(name);

    /// <summary>Gives the outside host (the switch's bridge) another address, e.g. "10.1.0.1/24".</summary>
    public void AddOutsideAddress(string cidr) => Ip.Run("-n", Switch.Name, "addr", "add", cidr, "dev", SwitchedNode.Bridge);

    /// <summary>A network with the gateway, connected to the default group with <paramref name="nicParams"/> ("mode=...,link=...").</summary>
    public void AddNetwork(string name, string subnet, string gateway, string nicParams) =>
        ConfigTransaction.Run(Store, s =>
        {
            NetworkOperations.Add(s, new NetworkAddRequest { Name = name, Network = subnet, Gateway = gateway });
            NetworkOperations.Connect(s, name, ClusterInitRequest.DefaultGroupName, NicParamsParser.Parse(nicParams), checkConflicts: true);
        });

    /// <summary>Hairpin (reflective relay) on the switch port of <paramref name="uplink"/>.</summary>
    public void SetHairpin(string uplink, bool on) => Switch.Netlink.Links.SetBridgePortHairpin(SwitchedNode.PortOf(uplink), on);

    public GuestConsole Console(string name)
    {
        var paths = Driver.PathsOf(name);
        return GuestConsole.Connect(paths.ConsoleSocket, paths.ConsoleLog, TimeSpan.FromSeconds(30));
    }

    /// <summary>The node's macvtaps, by iproute2.</summary>
    public IReadOnlyList<JsonElement> Macvtaps()
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", Node.Name, "-d", "-j", "link", "show", "type", "macvtap"));
        return doc.RootElement.EnumerateArray().Select(link => link.Clone()).ToList();
    }

    /// <summary>Pings <paramref name="address"/> 3 times from the switch namespace (the outside host); null when an answer came, else the statuses.</summary>
    public string? OutsidePingFails(string address)
    {
        // A raw ICMP socket opened on the namespace's thread lives in that namespace (as the guest tests do).
        var statuses = Switch.Namespace.Run(() =>
        {
            using var ping = new Ping();
            return Enumerable.Range(0, 3).Select(_ => ping.Send(IPAddress.Parse(address), 3000).Status).ToList();
        });
        return statuses.Contains(IPStatus.Success) ? null : $"ping {address} from the outside host: {string.Join(", ", statuses)}";
    }

    public void Dispose()
    {
        if (Driver is not null)
            foreach (var name in Directory.Exists(Path.Combine(_run.Path, QemuRuntimePaths.InstancesDirectory))
                         ? Directory.GetDirectories(Path.Combine(_run.Path, QemuRuntimePaths.InstancesDirectory)).Select(Path.GetFileName).OfType<string>()
                         : [])
                if (QemuProcess.TryLoad(Driver.PathsOf(name)) is { IsAlive: true } qemu)
                    qemu.Kill();
        try { _world.Dispose(); }
        finally
        {
            _state.Dispose();
            _run.Dispose();
        }
    }
}
