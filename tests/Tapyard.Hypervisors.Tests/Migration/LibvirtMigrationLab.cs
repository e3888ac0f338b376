using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Libvirt;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// <see cref="MigrationLab"/>'s world for the libvirt driver: a two-node lab, a private libvirtd in each
/// node's namespace (one URI template with "{node}"), a third node "bare" without eth0 and without a
/// libvirtd, and one running libvirt guest on a macvtap (bridge, eth0) of node 1, 198.51.100.21.
/// The daemons (and every QEMU they run) are stopped by PID on dispose.
/// </summary>
public sealed class LibvirtMigrationLab : IDisposable
{
    public const string InstanceName = "lvmig1";
    public const string NetworkName = "labnet";
    public const string BareNode = "bare";
    public static readonly IPAddress GuestAddress = IPAddress.Parse("198.51.100.21");
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _directory;
    private readonly Lab.Lab? _lab;
    private readonly List<PrivateLibvirtd> _daemons = [];

    public LibvirtMigrationLab()
    {
        Root.Require();
        _directory = new TempDirectory("lvmig");
        StateDirectory = _directory.File("state");
        RunDirectory = _directory.File("run");
        string daemons = _directory.File("lv");
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(RunDirectory);
        LabName = "lm" + Guid.NewGuid().ToString("N")[..6];
        Layout = LabLayout.Create(LabName, 2);
        try
        {
            var image = GuestImage.Ensure(RepoRoot.CacheDirectory);
            _lab = new Lab.Lab(StateDirectory);
            _lab.Up(LabName, 2);
            foreach (int node in Layout.NodeNumbers)
            {
                using (var ns = NetworkNamespace.Open(Layout.NodeNamespace(node)))
                    if (MigrationAddress.Find(ns) is null)
                        Ip.Run("-n", Layout.NodeNamespace(node), "addr", "add", $"192.0.2.{node}/24", "dev", LabLayout.Uplink);
                _daemons.Add(PrivateLibvirtd.Start(Path.Combine(daemons, Layout.NodeName(node)), Layout.NodeNamespace(node)));
            }
            Bare = TestNamespace.Create("lvbare");
            Store = new FileConfigStore(StateDirectory);
            ConfigTransaction.Run(Store, state =>
            {
                NodeOperations.Add(state, new NodeAddRequest { Name = BareNode, Netns = Bare.Name });
                NetworkOperations.Add(state, new NetworkAddRequest { Name = NetworkName, Network = "198.51.100.0/24", Gateway = "198.51.100.1" });
                NetworkOperations.Connect(state, NetworkName, ClusterInitRequest.DefaultGroupName,
                    NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge"), checkConflicts: true);
                InstanceOperations.Add(state, new InstanceAddRequest
                {
                    Name = InstanceName, Node = Layout.NodeName(1),
                    Nics = [NicRequestParser.Parse($"0:network={NetworkName},ip={GuestAddress}")],
                });
            });
            Options = new LibvirtDriverOptions
            {
                Uri = $"qemu+unix:///system?socket={daemons}/{{node}}/run/libvirt-sock",
                RuntimeDirectory = RunDirectory, Boot = new LabGuestBoot(image, LabLayout.OutsideAddress),
            };
            Driver = new LibvirtDriver(Store, Options);
            Migrator = new LibvirtMigrator(Store, Options);
            Driver.Start(InstanceName);
            Console = ConnectConsole();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string StateDirectory { get; }
    public string RunDirectory { get; }
    public string LabName { get; }
    public LabLayout Layout { get; }
    public TestNamespace Bare { get; } = null!;
    public FileConfigStore Store { get; } = null!;
    public LibvirtDriverOptions Options { get; } = null!;
    public LibvirtDriver Driver { get; } = null!;
    public LibvirtMigrator Migrator { get; } = null!;
    public GuestConsole Console { get; private set; } = null!;

    public string Domain => ConfigTransaction.Read(Store).GetInstance(InstanceName).Uuid.ToString("D");

    public GuestConsole ConnectConsole()
    {
        var paths = Driver.PathsOf(InstanceName);
        var console = GuestConsole.Connect(paths.ConsoleSocket, paths.ConsoleLog, TimeSpan.FromSeconds(30));
        console.WaitForReady(BootTimeout);
        return console;
    }

    public void ReconnectConsole()
    {
        Console.Dispose();
        Console = ConnectConsole();
    }

    public string CurrentNode()
    {
        var state = ConfigTransaction.Read(Store);
        return state.NodeByUuid(state.GetInstance(InstanceName).NodeUuid)!.Name;
    }

    public string OtherNode(string node) => node == Layout.NodeName(1) ? Layout.NodeName(2) : Layout.NodeName(1);

    /// <summary>The UUIDs of the domains the libvirtd of <paramref name="node"/> runs.</summary>
    public IReadOnlyList<string> DomainsOn(string node) =>
        Driver.VirshFor(node).Check("list", ["list", "--all", "--uuid"]).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<NicRecord> RecordsOn(string node) =>
        new NicRecords(RunDirectory, node).ReadAll().Where(r => r.Instance == InstanceName).ToList();

    public IReadOnlyList<Linux.Links.LinkInfo> MacvtapsIn(string netns)
    {
        using var ns = NetworkNamespace.Open(netns);
        using var netlink = Linux.Rtnetlink.Open(ns);
        return netlink.Links.List().Where(l => l.Kind == "macvtap").ToList();
    }

    public void Dispose()
    {
        Console?.Dispose();
        try { Driver?.Stop(InstanceName); }
        catch (Exception e) { System.Console.Error.WriteLine($"stopping {InstanceName} failed: {e.Message}"); }
        foreach (var daemon in _daemons)
        {
            try { daemon.Dispose(); }
            catch (Exception e) { System.Console.Error.WriteLine($"stopping libvirtd {daemon.Pid} failed: {e.Message}"); }
        }
        try
        {
            if (Store is not null)
                ConfigTransaction.Run(Store, s =>
                {
                    if (s.Config.Instances.TryGetValue(InstanceName, out var instance))
                    {
                        instance.State = Core.Model.InstanceState.Stopped;
                        InstanceOperations.Remove(s, InstanceName);
                    }
                });
        }
        catch (Exception e) { System.Console.Error.WriteLine($"removing {InstanceName} from the config failed: {e.Message}"); }
        try { _lab?.Down(LabName); }
        catch (Exception e) { System.Console.Error.WriteLine($"lab {LabName} could not go down ({e.Message}); deleting its namespaces"); }
        foreach (string ns in Layout.Namespaces)
            if (NetworkNamespace.Exists(ns))
                Ip.Run("netns", "del", ns);
        Bare?.Dispose();
        _directory.Dispose();
    }
}
