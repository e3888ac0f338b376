using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu.Migration;
using Tapyard.Lab;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;

namespace Tapyard.Hypervisors.Tests.Migration;

/// <summary>
/// The world both migration fixtures (QEMU and libvirt) share: a two-node lab whose nodes carry their
/// primary IPs on eth0, a third node "bare" whose namespace has no eth0, a network connected in
/// macvtap bridge mode on eth0, and one instance on node 1 at a fixed address. Driver-free: the
/// fixtures add their driver, start the guest, and stop it before <see cref="Dispose"/>.
/// </summary>
public sealed class MigrationWorld : IDisposable
{
    public const string NetworkName = "labnet";
    public const string BareNode = "bare";

    private readonly TempDirectory _directory;
    private readonly Lab.Lab? _lab;

    /// <param name="prefix">Two letters for the lab's name and temp directory.</param>
    /// <param name="onNode">Runs for each lab node once its namespace has its address (e.g. to start a libvirtd there).</param>
    public MigrationWorld(string prefix, string instanceName, IPAddress guestAddress, Action<MigrationWorld, int>? onNode = null)
    {
        Root.Require();
        InstanceName = instanceName;
        _directory = new TempDirectory(prefix);
        StateDirectory = _directory.File("state");
        RunDirectory = _directory.File("run");
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(RunDirectory);
        LabName = prefix + Guid.NewGuid().ToString("N")[..6];
        Layout = LabLayout.Create(LabName, 2);
        try
        {
            Image = GuestImage.Ensure(RepoRoot.CacheDirectory);
            _lab = new Lab.Lab(StateDirectory);
            _lab.Up(LabName, 2);
            foreach (int node in Layout.NodeNumbers)
            {
                // Node addresses on eth0 for the migration stream (lab up adds them once the lab gives nodes primary IPs).
                using (var ns = NetworkNamespace.Open(Layout.NodeNamespace(node)))
                    if (MigrationAddress.Find(ns) is null)
                        Ip.Run("-n", Layout.NodeNamespace(node), "addr", "add", $"192.0.2.{node}/24", "dev", LabLayout.Uplink);
                onNode?.Invoke(this, node);
            }
            Bare = TestNamespace.Create(prefix + "bare");
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
                    Nics = [NicRequestParser.Parse($"0:network={NetworkName},ip={guestAddress}")],
                });
            });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string InstanceName { get; }
    public string StateDirectory { get; }
    public string RunDirectory { get; }
    public string LabName { get; }
    public LabLayout Layout { get; }
    public GuestImage Image { get; } = null!;
    public TestNamespace Bare { get; } = null!;
    public FileConfigStore Store { get; } = null!;

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
    public static IReadOnlyList<Linux.Links.LinkInfo> MacvtapsIn(string netns)
    {
        using var ns = NetworkNamespace.Open(netns);
        using var netlink = Linux.Rtnetlink.Open(ns);
        return netlink.Links.List().Where(l => l.Kind == "macvtap").ToList();
    }

    /// <summary>Removes the instance from the config (lab down refuses while instances use its nodes), the lab, its namespaces and the temp directory.</summary>
    public void Dispose()
    {
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
        // The namespaces this lab made go in any case.
        foreach (string ns in Layout.Namespaces)
            if (NetworkNamespace.Exists(ns))
                Ip.Run("netns", "del", ns);
        Bare?.Dispose();
        _directory.Dispose();
    }
}
