using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Modes;

/// <summary>
/// A one-node slice of the lab (<see cref="SwitchedNode"/>) with one uplink eth0 whose switch port
/// p-eth0 is on br0. Macvtaps are created on eth0; a packet socket on the switch port shows what
/// reached the switch. Everything is torn down on dispose.
/// </summary>
internal sealed class SwitchLab : IDisposable
{
    public const string Uplink = "eth0";
    public static readonly string SwitchPort = SwitchedNode.PortOf(Uplink);

    private readonly SwitchedNode _world;

    private SwitchLab(SwitchedNode world, TempDirectory runtime)
    {
        _world = world;
        Runtime = runtime;
    }

    public TestNamespace Switch => _world.Switch;
    public TestNamespace Node => _world.Node;
    public TempDirectory Runtime { get; }

    public static SwitchLab Create(string purpose)
    {
        var world = SwitchedNode.Create(purpose);
        try
        {
            world.AddUplink(Uplink);
            return new SwitchLab(world, new TempDirectory(purpose));
        }
        catch
        {
            world.Dispose();
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
        try { _world.Dispose(); }
        finally { Runtime.Dispose(); }
    }
}
