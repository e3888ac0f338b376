using System.Diagnostics;
using System.Net;
using Tapyard.Core.Operations;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Lab.Guest;
using Tapyard.Linux.Vlans;

namespace Tapyard.Hypervisors.Tests.Modes;

/// <summary>
/// One real guest on node n1 with a NIC in each tap mode (one boot for all three), each wired the way
/// a node of that mode is set up:
/// <list type="table">
/// <item>NIC 0 routed, 10.6.0.10 in routing table 100 (Ganeti's routed setup): the node forwards,
/// a policy rule sends 10.6.0.0/24 to table 100, the node's default route goes to the outside host
/// by its primary address 198.51.100.2 on eth0, and the outside host routes 10.6.0.0/24 back via
/// 198.51.100.2. The guest's default route (its first NIC's gateway, 10.6.0.1) is answered by the
/// tap's proxy ARP, so the guest reaches the outside host's 198.51.100.1 through the node.</item>
/// <item>NIC 1 bridged, 10.5.0.10 on the node's Linux bridge brlan, whose port eth1 goes to the switch.</item>
/// <item>NIC 2 openvswitch, 10.7.0.10 on the node's OVS bridge ovsbr (userspace datapath, daemons in
/// the node's namespace), whose port eth2 goes to the switch.</item>
/// <item>NIC 3 macvtap with vlan 10, 10.8.0.10 on eth3.10 (Tapyard makes the sub-interface), eth3 going to the switch.</item>
/// <item>NIC 4 bridged with vlan 20, 10.9.0.10: an access port of VLAN 20 on brlan.</item>
/// </list>
/// The outside host has 10.5.0.1 and 10.7.0.1 besides 198.51.100.1, and 10.8.0.1 on VLAN 10 and
/// 10.9.0.1 on VLAN 20 (sub-interfaces br0.10 and br0.20 of the switch's bridge, made with the same
/// tc-bpf VLAN support, since the switch's kernel has no 802.1Q either).
/// </summary>
public sealed class TapModeGuest : IDisposable
{
    public const string Name = "gt";
    public const string NodeAddress = "198.51.100.2";
    public const string LinuxBridge = "brlan";
    public const string OvsBridge = "ovsbr";
    public const int RouteTable = 100;
    public static readonly IPAddress RoutedIp = IPAddress.Parse("10.6.0.10");
    public static readonly IPAddress BridgedIp = IPAddress.Parse("10.5.0.10");
    public static readonly IPAddress OvsIp = IPAddress.Parse("10.7.0.10");
    public static readonly IPAddress BridgedOutside = IPAddress.Parse("10.5.0.1");
    public static readonly IPAddress OvsOutside = IPAddress.Parse("10.7.0.1");
    public static readonly IPAddress MacvtapVlanIp = IPAddress.Parse("10.8.0.10");
    public static readonly IPAddress MacvtapVlanOutside = IPAddress.Parse("10.8.0.1");
    public static readonly IPAddress BridgedVlanIp = IPAddress.Parse("10.9.0.10");
    public static readonly IPAddress BridgedVlanOutside = IPAddress.Parse("10.9.0.1");

    private readonly OvsLab? _ovs;

    public TapModeGuest()
    {
        var clock = Stopwatch.StartNew();
        World = new DriverWorld("tapmodes");
        try
        {
            string node = World.Node.Name;
            // routed
            Ip.Run("-n", node, "addr", "add", $"{NodeAddress}/24", "dev", DriverWorld.Uplink);
            Ip.Run("-n", node, "route", "add", "default", "via", DriverWorld.Outside, "dev", DriverWorld.Uplink);
            Ip.Run("-n", node, "rule", "add", "to", "10.6.0.0/24", "lookup", $"{RouteTable}");
            World.Node.Namespace.Run(() => File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1"));
            Ip.Run("-n", World.Switch.Name, "route", "add", "10.6.0.0/24", "via", NodeAddress);
            World.AddNetwork("trt", "10.6.0.0/24", "10.6.0.1", $"mode=routed,link={RouteTable}");
            // bridged
            World.AddUplink("eth1");
            Ip.Run("-n", node, "link", "add", LinuxBridge, "type", "bridge");
            Ip.Run("-n", node, "link", "set", "eth1", "master", LinuxBridge);
            Ip.Run("-n", node, "link", "set", LinuxBridge, "up");
            World.AddNetwork("tbr", "10.5.0.0/24", BridgedOutside.ToString(), $"mode=bridged,link={LinuxBridge}");
            World.AddOutsideAddress($"{BridgedOutside}/24");
            // openvswitch
            World.AddUplink("eth2");
            _ovs = OvsLab.Start(node);
            _ovs.AddBridge(OvsBridge, "eth2");
            World.AddNetwork("tovs", "10.7.0.0/24", OvsOutside.ToString(), $"mode=openvswitch,link={OvsBridge}");
            World.AddOutsideAddress($"{OvsOutside}/24");

            // VLANs: the outside host's ends first, then a macvtap network on VLAN 10 and a bridged one on VLAN 20.
            AddOutsideVlan(10, $"{MacvtapVlanOutside}/24");
            AddOutsideVlan(20, $"{BridgedVlanOutside}/24");
            World.AddUplink("eth3");
            World.AddNetwork("tmv", "10.8.0.0/24", MacvtapVlanOutside.ToString(), "mode=macvtap,link=eth3,vlan=10");
            World.AddNetwork("tbv", "10.9.0.0/24", BridgedVlanOutside.ToString(), $"mode=bridged,link={LinuxBridge},vlan=20");

            World.AddInstance(Name, 1, $"0:network=trt,ip={RoutedIp}", $"1:network=tbr,ip={BridgedIp}", $"2:network=tovs,ip={OvsIp}",
                $"3:network=tmv,ip={MacvtapVlanIp}", $"4:network=tbv,ip={BridgedVlanIp}");
            // DriverWorld's driver knows no OVS database; this one, on the same config and runtime directory, does.
            Driver = new QemuDriver(World.Store, new QemuDriverOptions { RuntimeDirectory = World.RunDirectory, Boot = new LabGuestBoot(), OvsDatabase = _ovs.Database });
            Driver.Start(Name);
            var paths = Driver.PathsOf(Name);
            Console = GuestConsole.Connect(paths.ConsoleSocket, paths.ConsoleLog, TimeSpan.FromSeconds(30));
            Console.WaitForReady(BootedInstance.BootTimeout);
            GuestSide.StrictArp(Console);
            ReadySeconds = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>br0.VLAN in the switch namespace with <paramref name="cidr"/>: the outside host's end of that VLAN.</summary>
    private void AddOutsideVlan(int vlan, string cidr)
    {
        var bridge = World.Switch.Netlink.Links.Get(SwitchedNode.Bridge);
        World.Switch.Netlink.Vlans.Create(new VlanSubInterfaceSpec(SwitchedNode.Bridge, (ushort)vlan, $"{SwitchedNode.Bridge}.{vlan}", $"tyvl{bridge.Index}.{vlan}"));
        Ip.Run("-n", World.Switch.Name, "addr", "add", cidr, "dev", $"{SwitchedNode.Bridge}.{vlan}");
    }

    public DriverWorld World { get; }
    public QemuDriver Driver { get; } = null!;
    public GuestConsole Console { get; } = null!;
    public OvsLab Ovs => _ovs!;
    public double ReadySeconds { get; }

    public ResolvedNic Nic(int index) => World.NicsOf(Name).Single(n => n.Index == index);

    public void Dispose()
    {
        Console?.Dispose();
        try { Driver?.Stop(Name); } // removes the OVS port while ovsdb still runs
        catch (Exception) { /* the namespaces go below anyway */ }
        try { World.Dispose(); }
        finally { _ovs?.Dispose(); }
    }
}
