using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Modes;

/// <summary>
/// A one-node slice of the lab: a "switch" namespace with a Linux bridge br0, and a "node" namespace
/// whose uplink eth0 is a veth with its other end (port1) on that bridge. Macvtaps are created on
/// eth0; a packet socket on port1 shows what reached the switch. Everything is torn down on dispose.
/// </summary>
internal sealed class SwitchLab : IDisposable
{
    public const string Bridge = "br0";
    public const string Uplink = "eth0";
    public const string SwitchPort = "port1";

    private SwitchLab(TestNamespace switchNamespace, TestNamespace node, TempDirectory runtime)
    {
        Switch = switchNamespace;
        Node = node;
        Runtime = runtime;
    }

    public TestNamespace Switch { get; }
    public TestNamespace Node { get; }
    public TempDirectory Runtime { get; }

    public static SwitchLab Create(string purpose)
    {
        var sw = TestNamespace.Create($"{purpose}-sw");
        TestNamespace? node = null;
        TempDirectory? runtime = null;
        try
        {
            node = TestNamespace.Create($"{purpose}-n1");
            runtime = new TempDirectory(purpose);
            var bridge = sw.Netlink.Links.Create(new BridgeLinkSpec { Name = Bridge, Up = true, DisableIpv6AddressGeneration = true });
            using (var switchHandle = sw.Namespace.OpenHandle())
            {
                node.Netlink.Links.Create(new VethLinkSpec
                {
                    Name = Uplink, PeerName = SwitchPort, PeerNamespace = switchHandle, Up = true, DisableIpv6AddressGeneration = true,
                });
            }
            sw.Netlink.Links.Change(SwitchPort, new LinkChange { MasterIndex = bridge.Index, Up = true, DisableIpv6AddressGeneration = true });
            return new SwitchLab(sw, node, runtime);
        }
        catch
        {
            runtime?.Dispose();
            node?.Dispose();
            sw.Dispose();
            throw;
        }
    }

    /// <summary>Reflective relay on the switch port: what VEPA needs to let siblings meet.</summary>
    public void SetHairpin(bool on) => Switch.Netlink.Links.SetBridgePortHairpin(SwitchPort, on);

    public LinkInfo AddMacvtap(string name, MacvlanMode mode, MacAddress mac, string lower = Uplink) =>
        Node.Netlink.Links.Create(new MacvlanLinkSpec
        {
            Name = name, Lower = lower, Mode = mode, Mac = mac, Up = true, DisableIpv6AddressGeneration = true,
        });

    public TapQueueSet OpenQueue(string macvtap) =>
        MacvtapQueues.Open(Node.Namespace, macvtap, 1, new TapQueueOptions { RuntimeDirectory = Runtime.Path });

    /// <summary>Everything the switch receives from the node's uplink.</summary>
    public PacketSocket WatchSwitchPort() => PacketSocket.Open(Switch.Namespace, SwitchPort);

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
