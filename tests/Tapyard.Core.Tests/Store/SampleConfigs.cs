using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Tests.Store;

/// <summary>Configs built by hand (not through the operations) to exercise the store's format.</summary>
internal static class SampleConfigs
{
    public static ClusterConfig Minimal(string clusterName = "lab") => new()
    {
        Cluster = new Cluster { Name = clusterName, MacPrefix = "aa:00:00" },
    };

    /// <summary>Every object kind with every field set, including each enum value somewhere.</summary>
    public static ClusterConfig EveryKind()
    {
        var network = new Network
        {
            Name = "vtap-net",
            Subnet = "192.0.2.0/28",
            Gateway = "192.0.2.1",
            Subnet6 = "2001:db8::/64",
            Gateway6 = "2001:db8::1",
            MacPrefix = "aa:11:22",
            Tags = ["prod", "rack1", "needs \"escaping\" <&> ü\t"],
            ExternalReservations = ["192.0.2.0", "192.0.2.1", "192.0.2.15"],
            Serial = 3,
        };
        var group = new NodeGroup
        {
            Name = "vtap_group",
            Networks = { [network.Uuid] = new NicParams { Mode = NicMode.Macvtap, Link = "eth0", MvtapMode = MvtapMode.Bridge } },
        };
        var other = new NodeGroup
        {
            Name = "default",
            Networks = { [Guid.NewGuid()] = new NicParams { Mode = NicMode.OpenVswitch, Link = "br-int", Vlan = 100 } },
        };
        var node = new Node { Name = "node1", GroupUuid = group.Uuid, Netns = "lab-node1", PrimaryIp = "192.0.2.1", Serial = 2 };
        var plainNode = new Node { Name = "node2", GroupUuid = other.Uuid };
        var instance = new Instance
        {
            Name = "web1",
            NodeUuid = node.Uuid,
            Vcpus = 2,
            MemoryMiB = 1024,
            State = InstanceState.Running,
            Hypervisor = HypervisorNames.Libvirt,
            Nics =
            [
                new Nic { Name = "eth0", Mac = "aa:11:22:00:00:01", Ip = "192.0.2.2", NetworkUuid = network.Uuid },
                new Nic { Mac = "aa:00:00:00:00:02", Params = new NicParams { Mode = NicMode.Macvtap, Link = "eth1", MvtapMode = MvtapMode.Passthru } },
                new Nic { Mac = "aa:00:00:00:00:03", Params = new NicParams { Mode = NicMode.Macvtap, MvtapMode = MvtapMode.Vepa, Vlan = 4094 } },
                new Nic { Mac = "aa:00:00:00:00:04", Params = new NicParams { Mode = NicMode.Macvtap, MvtapMode = MvtapMode.Private, BwIn = new BandwidthLimit(1000, 2000, 512), BwOut = new BandwidthLimit(300), SpoofCheck = false } },
                new Nic { Mac = "aa:00:00:00:00:05", Params = new NicParams { Mode = NicMode.Routed, Link = "rt0" } },
            ],
        };
        var stopped = new Instance { Name = "db1", NodeUuid = plainNode.Uuid, State = InstanceState.Error };
        return new ClusterConfig
        {
            Cluster = new Cluster
            {
                Name = "lab",
                MacPrefix = "aa:00:00",
                DefaultNicParams = new NicParams { Mode = NicMode.Bridged, Link = "br0" },
                DefaultLinks = { [NicMode.Bridged] = "br0", [NicMode.OpenVswitch] = "br-int", [NicMode.Macvtap] = "eth0", [NicMode.Routed] = "rt0" },
                DefaultHypervisor = HypervisorNames.Qemu,
            },
            Groups = { [group.Name] = group, [other.Name] = other },
            Nodes = { [node.Name] = node, [plainNode.Name] = plainNode },
            Networks = { [network.Name] = network },
            Instances = { [instance.Name] = instance, [stopped.Name] = stopped },
        };
    }
}
