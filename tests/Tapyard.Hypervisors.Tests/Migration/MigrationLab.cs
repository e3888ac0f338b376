using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// A two-node lab (plus a third node whose namespace has no eth0) with one running guest on a
/// macvtap (bridge mode, link eth0) of node 1, shared by the migration and hot-plug tests (boots are
/// expensive under TCG). The guest is 198.51.100.20; the outside host 198.51.100.1 pings it.
/// </summary>
public sealed class MigrationLab : IDisposable
{
    public const string InstanceName = "mig1";
    public const string NetworkName = "labnet";
    public const string BareNode = "bare";
    public static readonly IPAddress GuestAddress = IPAddress.Parse("198.51.100.20");
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _directory;
    private readonly Lab.Lab? _lab;

    public MigrationLab()
    {
        Root.Require();
        _directory = new TempDirectory("mig");
        StateDirectory = _directory.File("state");
        RunDirectory = _directory.File("run");
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(RunDirectory);
        LabName = "mg" + Guid.NewGuid().ToString("N")[..6];
        Layout = LabLayout.Create(LabName, 2);
        try
        {
            Image = GuestImage.Ensure(RepoRoot.CacheDirectory);
            _lab = new Lab.Lab(StateDirectory);
            _lab.Up(LabName, 2);
            // Node addresses on eth0 for the migration stream (lab up adds them once the lab gives nodes primary IPs).
            foreach (int node in Layout.NodeNumbers)
            {
                using var ns = NetworkNamespace.Open(Layout.NodeNamespace(node));
                if (MigrationAddress.Find(ns) is null)
                    Ip.Run("-n", Layout.NodeNamespace(node), "addr", "add", $"192.0.2.{node}/24", "dev", LabLayout.Uplink);
            }
            Bare = TestNamespace.Create("bare");
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
            Options = new QemuDriverOptions { RuntimeDirectory = RunDirectory, Boot = new LabGuestBoot(Image, LabLayout.OutsideAddress) };
            Driver = new QemuDriver(Store, Options);
            Migrator = new QemuMigrator(Store, Options);
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
    public GuestImage Image { get; } = null!;
    public TestNamespace Bare { get; } = null!;
    public FileConfigStore Store { get; } = null!;
    public QemuDriverOptions Options { get; } = null!;
    public QemuDriver Driver { get; } = null!;
    public QemuMigrator Migrator { get; } = null!;

    /// <summary>The guest's serial console; reconnected after a migration (the old QEMU's socket is gone).</summary>
    public GuestConsole Console { get; private set; } = null!;

    public QemuRuntimePaths Paths => Driver.PathsOf(InstanceName);

    public GuestConsole ConnectConsole()
    {
        var console = GuestConsole.Connect(Paths.ConsoleSocket, Paths.ConsoleLog, TimeSpan.FromSeconds(30));
        console.WaitForReady(BootTimeout);
        return console;
    }

    public void ReconnectConsole()
    {
        Console.Dispose();
        Console = ConnectConsole();
    }

    /// <summary>The node the config places the guest on.</summary>
    public string CurrentNode()
    {
        var state = ConfigTransaction.Read(Store);
        return state.NodeByUuid(state.GetInstance(InstanceName).NodeUuid)!.Name;
    }

    public string OtherNode(string node) => node == Layout.NodeName(1) ? Layout.NodeName(2) : Layout.NodeName(1);

    /// <summary>The NIC records of the instance on <paramref name="node"/>.</summary>
    public IReadOnlyList<NicRecord> RecordsOn(string node) =>
        new NicRecords(RunDirectory, node).ReadAll().Where(r => r.Instance == InstanceName).ToList();

    /// <summary>The macvtaps in a node's namespace (any owner).</summary>
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
        // Whatever Stop did: no QEMU of ours survives (the current one and any incoming one).
        if (Directory.Exists(Path.Combine(RunDirectory, "instances")))
            foreach (string record in Directory.GetFiles(Path.Combine(RunDirectory, "instances"), "qemu.json", SearchOption.AllDirectories))
                if (QemuProcess.TryLoad(new QemuRuntimePaths(Path.GetDirectoryName(record)!)) is { IsAlive: true } left)
                    left.Kill();
        try
        {
            // lab down refuses while instances use its nodes.
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
        // The namespaces this fixture's lab made go in any case.
        foreach (string ns in Layout.Namespaces)
            if (NetworkNamespace.Exists(ns))
                Ip.Run("netns", "del", ns);
        Bare?.Dispose();
        _directory.Dispose();
    }
}
