using System.Net;
using System.Runtime.CompilerServices;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Naming;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>
/// The configuration plus the indexes the operations need, built once (one pass over the
/// instances) and kept in step by the operations: objects by UUID, the MACs in use, and per network
/// an address pool built on first use from its external reservations and the NIC IPs on it. With
/// it an instance add costs no scan of the other instances.
/// </summary>
public sealed class ClusterState
{
    private readonly Dictionary<Guid, NodeGroup> _groupsByUuid = [];
    private readonly Dictionary<Guid, Node> _nodesByUuid = [];
    private readonly Dictionary<Guid, Network> _networksByUuid = [];
    private readonly Dictionary<string, string> _macOwners = new(StringComparer.Ordinal);
    // MACs held by more than one NIC in a hand-edited config: how many holders beyond the first.
    private readonly Dictionary<string, int> _extraMacHolders = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Ipv4Subnet> _subnets = [];
    private readonly Dictionary<Guid, AddressPool> _pools = [];
    // NIC IPs per network seen when the state was built, consumed when that network's pool is built.
    private readonly Dictionary<Guid, List<string>> _nicIpsUntilPoolBuilt = [];

    private ClusterState(ClusterConfig config)
    {
        Config = config;
        foreach (var group in config.Groups.Values)
            _groupsByUuid[group.Uuid] = group;
        foreach (var node in config.Nodes.Values)
            _nodesByUuid[node.Uuid] = node;
        foreach (var network in config.Networks.Values)
            _networksByUuid[network.Uuid] = network;
        foreach (var instance in config.Instances.Values)
        {
            foreach (var nic in instance.Nics)
            {
                if (!_macOwners.TryAdd(nic.Mac, instance.Name))
                    _extraMacHolders[nic.Mac] = _extraMacHolders.GetValueOrDefault(nic.Mac) + 1;
                if (nic is { NetworkUuid: { } net, Ip: { } ip })
                {
                    if (!_nicIpsUntilPoolBuilt.TryGetValue(net, out var ips))
                        _nicIpsUntilPoolBuilt[net] = ips = [];
                    ips.Add(ip);
                }
            }
        }
    }

    public static ClusterState Of(ClusterConfig config) => new(config);

    public ClusterConfig Config { get; }

    public Cluster Cluster => Config.Cluster;

    public Network GetNetwork(string name) =>
        Config.Networks.TryGetValue(name, out var network) ? network : throw new UnknownObjectException("network", name);

    public NodeGroup GetGroup(string name) =>
        Config.Groups.TryGetValue(name, out var group) ? group : throw new UnknownObjectException("node group", name);

    public Node GetNode(string name) =>
        Config.Nodes.TryGetValue(name, out var node) ? node : throw new UnknownObjectException("node", name);

    /// <summary>The instance's hypervisor: its own, else the cluster's default, else qemu.</summary>
    public string HypervisorOf(Instance instance) => instance.Hypervisor ?? Cluster.DefaultHypervisor ?? HypervisorNames.Default;

    public Instance GetInstance(string name) =>
        Config.Instances.TryGetValue(name, out var instance) ? instance : throw new UnknownObjectException("instance", name);

    public Network? NetworkByUuid(Guid uuid) => _networksByUuid.GetValueOrDefault(uuid);

    public NodeGroup? GroupByUuid(Guid uuid) => _groupsByUuid.GetValueOrDefault(uuid);

    public Node? NodeByUuid(Guid uuid) => _nodesByUuid.GetValueOrDefault(uuid);

    /// <summary>The group of <paramref name="node"/> (the config guarantees it exists).</summary>
    public NodeGroup GroupOf(Node node) =>
        GroupByUuid(node.GroupUuid) ?? throw new TapyardException($"node {node.Name} belongs to a node group that does not exist; the config is inconsistent");

    /// <summary>The instance whose NIC has <paramref name="mac"/>, or null when it is free.</summary>
    public string? MacOwner(string mac) => _macOwners.GetValueOrDefault(mac);

    public bool IsMacInUse(string mac) => _macOwners.ContainsKey(mac);

    public Ipv4Subnet SubnetOf(Network network)
    {
        if (!_subnets.TryGetValue(network.Uuid, out var subnet))
            _subnets[network.Uuid] = subnet = Ipv4Subnet.Parse(network.Subnet);
        return subnet;
    }

    /// <summary>The network's pool: its external reservations and every NIC IP on it are reserved.</summary>
    public AddressPool PoolOf(Network network)
    {
        if (_pools.TryGetValue(network.Uuid, out var pool))
            return pool;
        var subnet = SubnetOf(network);
        pool = new AddressPool(checked((int)subnet.Size));
        foreach (string ip in network.ExternalReservations)
            ReserveTolerant(pool, subnet, ip);
        if (_nicIpsUntilPoolBuilt.Remove(network.Uuid, out var nicIps))
        {
            foreach (string ip in nicIps)
                ReserveTolerant(pool, subnet, ip);
        }
        _pools[network.Uuid] = pool;
        return pool;
    }

    // A stored config is taken as it is: an address listed twice or outside the subnet is not a
    // reason to refuse to work with it.
    private static void ReserveTolerant(AddressPool pool, Ipv4Subnet subnet, string ip)
    {
        if (Ipv4Address.TryParseValue(ip, out uint address) && subnet.Contains(address))
            pool.TryReserve(subnet.IndexOf(address));
    }

    public IReadOnlyList<ResolvedNic> NicsOf(Instance instance)
    {
        var group = NodeByUuid(instance.NodeUuid) is { } node ? GroupByUuid(node.GroupUuid) : null;
        var result = new List<ResolvedNic>(instance.Nics.Count);
        for (int i = 0; i < instance.Nics.Count; i++)
        {
            var nic = instance.Nics[i];
            var network = nic.NetworkUuid is { } uuid ? NetworkByUuid(uuid) : null;
            NicParams? connection = null;
            if (network is not null && group is not null)
                connection = group.Networks.GetValueOrDefault(network.Uuid);
            var p = NicParamsRules.Describe(nic.Params, connection, Cluster);
            result.Add(new ResolvedNic(i, nic.Name, nic.Mac, nic.Ip, network?.Name, p.Mode, p.Link, p.Vlan, p.MvtapMode,
                p.ModeInherited, p.LinkInherited, p.VlanInherited, p.MvtapModeInherited, nic.Uuid, p.SpoofCheck, p.SpoofCheckInherited)
            { BwIn = p.BwIn, BwOut = p.BwOut, Network = network });
        }
        return result;
    }

    /// <summary>
    /// The groups <paramref name="network"/> is connected to, in natural order of their names, each
    /// with what the connection gives a NIC that sets nothing itself. Described, not validated: one
    /// bad stored connection must not keep `network list` from showing the others.
    /// </summary>
    public IReadOnlyList<NetworkConnection> ConnectionsOf(Network network) =>
        Config.Groups.Values
            .Where(g => g.Networks.ContainsKey(network.Uuid))
            .OrderByName(g => g.Name)
            .Select(g =>
            {
                var given = g.Networks[network.Uuid];
                return new NetworkConnection(g, given, NicParamsRules.Describe(given, connection: null, Cluster));
            })
            .ToList();

    /// <summary>The instances with NICs on <paramref name="network"/>, in natural order of their names (a scan: for info and removal, not per add).</summary>
    public IReadOnlyList<NetworkUser> UsersOf(Network network) => UsersOf([network])[network.Uuid];

    /// <summary>
    /// The instances with NICs on each of <paramref name="networks"/>, in natural order of their
    /// names, from one pass over all instances however many networks are asked for. Optimized at
    /// once (no tier-0 code): `network info` on a /16 walks 10,000 instances once per process.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyDictionary<Guid, IReadOnlyList<NetworkUser>> UsersOf(IReadOnlyCollection<Network> networks)
    {
        var users = new Dictionary<Guid, List<NetworkUser>>(networks.Count);
        foreach (var network in networks)
            users[network.Uuid] = [];
        foreach (var instance in Config.Instances.Values)
        {
            var nics = instance.Nics;
            for (int index = 0; index < nics.Count; index++)
            {
                if (nics[index].NetworkUuid is not { } uuid || !users.TryGetValue(uuid, out var list))
                    continue;
                // An instance with several NICs on the network is one user listing each of them; its
                // NICs come one after the other, and the list was created just below as a List.
                if (list.Count > 0 && ReferenceEquals(list[^1].Instance, instance.Name))
                    ((List<(int, string?)>)list[^1].Nics).Add((index, nics[index].Ip));
                else
                    list.Add(new NetworkUser(instance.Name, new List<(int, string?)>(1) { (index, nics[index].Ip) }));
            }
        }
        var result = new Dictionary<Guid, IReadOnlyList<NetworkUser>>(users.Count);
        foreach (var (uuid, list) in users)
            result[uuid] = list.OrderByName(u => u.Instance);
        return result;
    }

    /// <summary>The instances on nodes of <paramref name="group"/> (a scan: for connect and disconnect).</summary>
    public IEnumerable<Instance> InstancesOf(NodeGroup group) =>
        Config.Instances.Values
            .Where(i => NodeByUuid(i.NodeUuid)?.GroupUuid == group.Uuid)
            .OrderBy(i => i.Name, StringComparer.Ordinal);

    // Index upkeep, called by the operations after their checks passed.

    internal void AddedGroup(NodeGroup group) => _groupsByUuid[group.Uuid] = group;

    internal void RemovedGroup(NodeGroup group) => _groupsByUuid.Remove(group.Uuid);

    internal void AddedNode(Node node) => _nodesByUuid[node.Uuid] = node;

    internal void RemovedNode(Node node) => _nodesByUuid.Remove(node.Uuid);

    internal void AddedNetwork(Network network) => _networksByUuid[network.Uuid] = network;

    internal void RemovedNetwork(Network network)
    {
        _networksByUuid.Remove(network.Uuid);
        _subnets.Remove(network.Uuid);
        _pools.Remove(network.Uuid);
        _nicIpsUntilPoolBuilt.Remove(network.Uuid);
    }

    internal void ClaimMac(string mac, string instanceName) => _macOwners[mac] = instanceName;

    /// <summary>Frees <paramref name="mac"/> unless another NIC still holds it (possible only in a hand-edited config).</summary>
    internal void ReleaseMac(string mac)
    {
        if (_extraMacHolders.TryGetValue(mac, out int extra))
        {
            if (extra == 1)
                _extraMacHolders.Remove(mac);
            else
                _extraMacHolders[mac] = extra - 1;
            return;
        }
        _macOwners.Remove(mac);
    }

    /// <summary>
    /// Frees a NIC's address in its network's pool (no-op without network or IP) and says where, so
    /// it can be reserved again. An address that is also externally reserved (a hand-edited config) stays reserved.
    /// </summary>
    internal (AddressPool Pool, int Index)? ReleaseNicIp(Nic nic)
    {
        if (nic is { NetworkUuid: { } uuid, Ip: { } ip } && NetworkByUuid(uuid) is { } network
            && Ipv4Address.TryParseValue(ip, out uint address) && SubnetOf(network).Contains(address)
            && !network.ExternalReservations.Contains(ip))
        {
            var pool = PoolOf(network);
            int index = SubnetOf(network).IndexOf(address);
            if (pool.IsReserved(index))
            {
                pool.Release(index);
                return (pool, index);
            }
        }
        return null;
    }
}
