using System.Text.Json;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;

namespace Tapyard.Node.Tests.Support;

/// <summary>
/// A one-node lab: a "switch" namespace with a Linux bridge br0, and a node namespace whose uplink
/// eth0 is a veth with its other end on that bridge (more uplinks on demand). A private runtime
/// directory holds the records. Everything is torn down on dispose, also when the test failed.
/// </summary>
internal sealed class NodeLab : IDisposable
{
    public const string NodeName = "n1";
    public const string Bridge = "br0";
    public const string Uplink = "eth0";

    private NodeLab(TestNamespace switchNamespace, TestNamespace node, TempDirectory runtime)
    {
        Switch = switchNamespace;
        Node = node;
        Runtime = runtime;
    }

    public TestNamespace Switch { get; }
    public TestNamespace Node { get; }
    public TempDirectory Runtime { get; }

    public static NodeLab Create(string purpose)
    {
        var sw = TestNamespace.Create($"{purpose}-sw");
        TestNamespace? node = null;
        TempDirectory? runtime = null;
        try
        {
            node = TestNamespace.Create($"{purpose}-n1");
            runtime = new TempDirectory(purpose);
            sw.Netlink.Links.Create(new BridgeLinkSpec { Name = Bridge, Up = true, DisableIpv6AddressGeneration = true });
            var lab = new NodeLab(sw, node, runtime);
            lab.AddUplink(Uplink);
            return lab;
        }
        catch
        {
            runtime?.Dispose();
            node?.Dispose();
            sw.Dispose();
            throw;
        }
    }

    /// <summary>A veth named <paramref name="name"/> in the node, up, whose peer is a port of the switch's bridge.</summary>
    public void AddUplink(string name, bool up = true)
    {
        string port = $"p-{name}";
        using (var switchHandle = Switch.Namespace.OpenHandle())
        {
            Node.Netlink.Links.Create(new VethLinkSpec
            {
                Name = name, PeerName = port, PeerNamespace = switchHandle, Up = up, DisableIpv6AddressGeneration = true,
            });
        }
        Switch.Netlink.Links.Change(port, new LinkChange
        {
            MasterIndex = Switch.Netlink.Links.Get(Bridge).Index, Up = true, DisableIpv6AddressGeneration = true,
        });
    }

    /// <summary>A fresh NodeNics on the node, as a new Tapyard process would have.</summary>
    public NodeNics OpenNics() => new(NodeName, Node.Namespace, Runtime.Path);

    public SwitchWatcher WatchSwitch() => SwitchWatcher.Open(Switch.Namespace);

    /// <summary>The macvtap devices of the node, read by iproute2.</summary>
    public IReadOnlyList<JsonElement> Macvtaps()
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", Node.Name, "-d", "-j", "link", "show", "type", "macvtap"));
        return doc.RootElement.EnumerateArray().Select(link => link.Clone()).ToList();
    }

    public static Instance Instance(string name, int vcpus = 1) =>
        new() { Name = name, NodeUuid = Guid.NewGuid(), Vcpus = vcpus };

    /// <summary>A NIC as ClusterState.NicsOf resolves it.</summary>
    public static ResolvedNic Nic(int index, string mac, string link = Uplink, MvtapMode mode = MvtapMode.Bridge, int? vlan = null, NicMode nicMode = NicMode.Macvtap) =>
        new(index, null, mac, null, null, nicMode, link, vlan, nicMode == NicMode.Macvtap ? mode : null,
            false, false, false, false, Guid.NewGuid());

    public void Dispose()
    {
        try { Node.Dispose(); }
        finally
        {
            try { Switch.Dispose(); }
            finally { Runtime.Dispose(); }
        }
    }
}
