using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>
/// Builds the NICs of one instance add or modify: checks each request against the rules and claims
/// its address and MAC tentatively, so later NICs of the same request see them taken. Nothing in
/// the config changes here; <see cref="Rollback"/> frees the tentative addresses when a later check
/// fails, <see cref="Commit"/> records the MACs once the caller has changed the config.
/// </summary>
internal sealed class NicPlanner(ClusterState state, string instanceName, Node node)
{
    private readonly NodeGroup _group = state.GroupOf(node);
    private readonly List<(AddressPool Pool, int Index)> _claimedIps = [];
    private readonly HashSet<string> _claimedMacs = new(StringComparer.Ordinal);
    // NICs removed earlier in the same modify: their addresses are back in the pools (reserved again
    // on rollback), their MACs count as free here and leave the state's index on commit.
    private readonly List<(AddressPool Pool, int Index)> _releasedIps = [];
    private readonly HashSet<string> _releasedMacs = new(StringComparer.Ordinal);
    private MacPrefix? _clusterPrefix;

    /// <summary>The NIC <paramref name="request"/> asks for, next to <paramref name="siblings"/> (the instance's other NICs as they will be).</summary>
    public Nic Build(NicRequest request, IEnumerable<Nic> siblings)
    {
        if (request.Name is { } name)
        {
            if (siblings.Any(n => n.Name == name))
                throw new TapyardException($"NIC name '{name}' is used twice in instance {instanceName}; give each NIC its own name");
        }

        Network? network = null;
        NicParams? connection = null;
        if (request.Network is not null)
        {
            // Ganeti: "If network is given, no mode or link is allowed to be passed"; the connection decides them.
            if (request.Params.Mode is not null || request.Params.Link is not null)
                throw new TapyardException(
                    $"NIC on network {request.Network} cannot set {(request.Params.Mode is not null ? "mode" : "link")}: the network's connection to the node group decides mode and link; leave them out (vlan and mvtap_mode may still be given)");
            network = state.GetNetwork(request.Network);
            if (!_group.Networks.TryGetValue(network.Uuid, out connection))
                throw new TapyardException(
                    $"network {network.Name} is not connected to node group {_group.Name} of node {node.Name}; connect it with 'network connect -N ... {network.Name} {_group.Name}' first");
        }
        else if (request.Ip == NicRequest.Pool)
        {
            throw new TapyardException(InstanceRules.PoolWithoutNetwork);
        }

        NicParamsRules.Resolve(request.Params, connection, state.Cluster);
        string? ip = request.Ip is null ? null : ClaimIp(network, request.Ip);
        string mac = ClaimMac(network, request.Mac);
        return new Nic { Name = request.Name, Mac = mac, Ip = ip, NetworkUuid = network?.Uuid, Params = request.Params };
    }

    private string ClaimIp(Network? network, string requested)
    {
        if (network is null)
        {
            // A NIC's own address outside any pool, but not one a network of the node's group manages
            // (Ganeti refuses it too): the pool would hand it out again.
            var own = InstanceRules.ParseIpv4(requested);
            foreach (var networkUuid in _group.Networks.Keys)
            {
                if (state.NetworkByUuid(networkUuid) is { } connected && state.SubnetOf(connected).Contains(own))
                    throw new TapyardException(
                        $"IP {own} belongs to network {connected.Name} connected to group {_group.Name}; give network={connected.Name} or another address");
            }
            return own.ToString();
        }
        var subnet = state.SubnetOf(network);
        var pool = state.PoolOf(network);
        int index;
        if (requested == NicRequest.Pool)
        {
            index = pool.FirstFree() ?? throw new TapyardException(
                $"network {network.Name} has no free address left (all {pool.Size} of {subnet} are reserved or in use); release one or use another network");
        }
        else
        {
            var address = InstanceRules.ParseIpv4(requested);
            if (!subnet.Contains(address))
                throw new TapyardException($"IP {address} is outside network {network.Name} ({subnet}); give an address inside it or ip=pool");
            index = subnet.IndexOf(address);
            if (pool.IsReserved(index))
                throw new TapyardException($"IP {address} of network {network.Name} is already in use or reserved; give a free address or ip=pool");
        }
        pool.Reserve(index);
        _claimedIps.Add((pool, index));
        return subnet.AddressAt(index).ToString();
    }

    private string ClaimMac(Network? network, string? requested)
    {
        string mac;
        if (requested is null or NicRequest.Generate)
        {
            var prefix = network?.MacPrefix is { } own ? MacPrefix.Parse(own) : (_clusterPrefix ??= MacPrefix.Parse(state.Cluster.MacPrefix));
            mac = MacGenerator.Generate(prefix, m => (state.IsMacInUse(m) && !_releasedMacs.Contains(m)) || _claimedMacs.Contains(m));
        }
        else
        {
            mac = InstanceRules.ParseMac(requested);
            string? owner = _claimedMacs.Contains(mac) ? instanceName : _releasedMacs.Contains(mac) ? null : state.MacOwner(mac);
            if (owner is not null)
                throw new TapyardException($"MAC {mac} is already used by instance {owner}; give another MAC or mac=generate");
        }
        _claimedMacs.Add(mac);
        return mac;
    }

    /// <summary>A NIC the request removes: its address and MAC are free for the NICs it adds after.</summary>
    public void Release(Nic nic)
    {
        if (state.ReleaseNicIp(nic) is { } freed)
            _releasedIps.Add(freed);
        _releasedMacs.Add(nic.Mac);
    }

    /// <summary>Frees the addresses claimed so far and takes back the released ones: the request failed.</summary>
    public void Rollback()
    {
        foreach (var (pool, index) in _claimedIps)
            pool.Release(index);
        _claimedIps.Clear();
        foreach (var (pool, index) in _releasedIps)
            pool.Reserve(index);
        _releasedIps.Clear();
        _releasedMacs.Clear();
    }

    /// <summary>The config now holds the NICs: the removed NICs' MACs leave the state's index, the new ones are taken.</summary>
    public void Commit()
    {
        foreach (string mac in _releasedMacs)
            state.ReleaseMac(mac);
        foreach (string mac in _claimedMacs)
            state.ClaimMac(mac, instanceName);
    }
}
