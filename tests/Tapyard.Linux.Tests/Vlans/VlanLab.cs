using Tapyard.Linux.Links;
using Tapyard.Linux.Tap;
using Tapyard.Linux.Tests.Support;
using Tapyard.Linux.Tests.Modes;
using Tapyard.Linux.Tests.Tap;

namespace Tapyard.Linux.Tests.Vlans;

/// <summary>
/// A node namespace whose uplink eth0 reaches a switch namespace's bridge, plus a tap "watch" on
/// that bridge read and written through its fd: the trunk's far end. A tap shows 802.1Q tags inline
/// (tun writes the skb's tag back into the frame), where a packet socket would hide them.
/// </summary>
internal sealed class VlanLab : IDisposable
{
    public const string Uplink = SwitchLab.Uplink;
    public static readonly MacAddress Guest = MacAddress.Parse("52:54:00:0a:00:01");
    public static readonly MacAddress Far = MacAddress.Parse("52:54:00:0f:00:01");

    private readonly SwitchLab _world;

    private VlanLab(SwitchLab world, TapQueueSet watch)
    {
        _world = world;
        Watch = watch;
    }

    public TestNamespace Switch => _world.Switch;
    public TestNamespace Node => _world.Node;
    public TapQueueSet Watch { get; }

    /// <summary>A bridge-mode macvtap on <paramref name="lower"/> with one queue fd, as a guest's NIC.</summary>
    public TapQueueSet AddMacvtapGuest(string name, string lower)
    {
        _world.AddMacvtap(name, MacvlanMode.Bridge, Guest, lower);
        return _world.OpenQueue(name);
    }

    public static VlanLab Create(string purpose)
    {
        var world = SwitchLab.Create(purpose);
        try
        {
            return new VlanLab(world, AddBridgeTap(world.Switch, "watch", SwitchedNode.Bridge));
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    /// <summary>A single-queue tap without virtio header on <paramref name="bridge"/>, up: its fd is a guest (or a trunk) on that bridge.</summary>
    public static TapQueueSet AddBridgeTap(TestNamespace ns, string name, string bridge)
    {
        var tap = TapDevices.Create(ns.Namespace, new TapDeviceSpec { Name = name, Options = new TapQueueOptions { VnetHeader = false, MultiQueue = false } });
        try
        {
            ns.Netlink.Links.Change(name, new LinkChange { Up = true, DisableIpv6AddressGeneration = true });
            ns.Netlink.Links.SetMaster(name, bridge);
            return tap;
        }
        catch
        {
            tap.Dispose();
            throw;
        }
    }

    /// <summary>What reached the far end of the trunk with <paramref name="marker"/>: its VLAN (null: untagged), or absent.</summary>
    public (bool Arrived, int? Vlan) AtSwitch(string marker, TimeSpan? wait = null)
    {
        var frame = Watch[0].WaitFor(marker, wait ?? QueueReading.Arrival);
        return frame is null ? (false, null) : (true, EthernetFrame.VlanOf(frame));
    }

    public void SendFromSwitch(ushort? vlan, string marker) => Watch[0].WriteFrame(vlan is { } id
        ? EthernetFrame.TaggedMarked(EthernetFrame.Broadcast, Far, id, marker)
        : EthernetFrame.Marked(EthernetFrame.Broadcast, Far, marker));

    public void Dispose()
    {
        try { Watch.Dispose(); }
        finally { _world.Dispose(); }
    }
}
