using Tapyard.Linux.Links;

namespace Tapyard.Testing;

/// <summary>
/// The smallest lab a kernel test needs: a "switch" namespace with a Linux bridge br0, and a "node"
/// namespace whose uplinks are veths with their other end ("p-NAME") on that bridge. Both
/// namespaces are deleted, with every device in them, on dispose, also when the test failed.
/// </summary>
public sealed class SwitchedNode : IDisposable
{
    public const string Bridge = "br0";

    private SwitchedNode(TestNamespace switchNamespace, TestNamespace node)
    {
        Switch = switchNamespace;
        Node = node;
    }

    public TestNamespace Switch { get; }
    public TestNamespace Node { get; }

    public static SwitchedNode Create(string purpose)
    {
        var sw = TestNamespace.Create($"{purpose}-sw");
        try
        {
            var node = TestNamespace.Create($"{purpose}-n1");
            var lab = new SwitchedNode(sw, node);
            try
            {
                sw.Netlink.Links.Create(new BridgeLinkSpec { Name = Bridge, Up = true, DisableIpv6AddressGeneration = true });
                return lab;
            }
            catch
            {
                lab.Dispose();
                throw;
            }
        }
        catch
        {
            sw.Dispose();
            throw;
        }
    }

    /// <summary>The switch-side name of uplink <paramref name="uplink"/>.</summary>
    public static string PortOf(string uplink) => $"p-{uplink}";

    /// <summary>A veth named <paramref name="name"/> in the node, whose peer is a port of the switch's bridge (up).</summary>
    public void AddUplink(string name, bool up = true)
    {
        string port = PortOf(name);
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

    public void Dispose()
    {
        try { Node.Dispose(); }
        finally { Switch.Dispose(); }
    }
}
