using System.Text.Json;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Node.Tests.Support;

/// <summary>
/// A one-node lab: the shared <see cref="SwitchedNode"/> world (switch namespace with bridge br0, a
/// node namespace) with uplink eth0 (more uplinks on demand), plus a private runtime directory for
/// the records. Everything is torn down on dispose, also when the test failed.
/// </summary>
internal sealed class NodeLab : IDisposable
{
    public const string NodeName = "n1";
    public const string Bridge = SwitchedNode.Bridge;
    public const string Uplink = "eth0";

    private readonly SwitchedNode _world;

    private NodeLab(SwitchedNode world, TempDirectory runtime)
    {
        _world = world;
        Runtime = runtime;
    }

    public TestNamespace Switch => _world.Switch;
    public TestNamespace Node => _world.Node;
    public TempDirectory Runtime { get; }

    public static NodeLab Create(string purpose)
    {
        var world = SwitchedNode.Create(purpose);
        try
        {
            world.AddUplink(Uplink);
            return new NodeLab(world, new TempDirectory(purpose));
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    /// <summary>A veth named <paramref name="name"/> in the node, whose peer is a port of the switch's bridge.</summary>
    public void AddUplink(string name, bool up = true) => _world.AddUplink(name, up);

    /// <summary>A fresh NodeNics on the node, as a new Tapyard process would have.</summary>
    public NodeNics OpenNics(string? ovsDatabase = null) => new(NodeName, Node.Namespace, Runtime.Path, ovsDatabase);

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
    public static ResolvedNic Nic(int index, string mac, string link = Uplink, MvtapMode mode = MvtapMode.Bridge, int? vlan = null, NicMode nicMode = NicMode.Macvtap,
        string? ip = null, bool spoofCheck = true) =>
        new(index, null, mac, ip, null, nicMode, link, vlan, nicMode == NicMode.Macvtap ? mode : null,
            false, false, false, false, Guid.NewGuid(), spoofCheck, false);

    /// <summary>A Linux bridge <paramref name="name"/> in the node with the uplink <paramref name="port"/> as its port, so what the bridge forwards reaches the switch.</summary>
    public void AddBridge(string name, string? port = Uplink)
    {
        Ip.Run("-n", Node.Name, "link", "add", name, "type", "bridge");
        Ip.Run("-n", Node.Name, "link", "set", name, "addrgenmode", "none", "up");
        if (port is not null)
            Ip.Run("-n", Node.Name, "link", "set", port, "master", name);
    }

    /// <summary>The tap devices of the node, read by iproute2.</summary>
    public IReadOnlyList<JsonElement> Taps()
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", Node.Name, "-d", "-j", "link", "show", "type", "tun"));
        return doc.RootElement.EnumerateArray().Select(link => link.Clone()).ToList();
    }

    public void Dispose()
    {
        try { _world.Dispose(); }
        finally { Runtime.Dispose(); }
    }
}
