using System.Net;
using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;

namespace Tapyard.Core.Operations;

/// <summary>`network add|modify|remove|connect|disconnect`.</summary>
public static class NetworkOperations
{
    public static Network Add(ClusterState state, NetworkAddRequest request)
    {
        string name = request.Name;
        ObjectNames.Check("network", name);
        if (state.Config.Networks.TryGetValue(name, out var existing))
            throw new TapyardException($"network {name} already exists (UUID: {existing.Uuid}); choose another name");
        if (string.IsNullOrEmpty(request.Network))
            throw new TapyardException($"network {name} needs an IPv4 subnet; give --network A.B.C.D/LEN");
        var subnet = Ipv4Subnet.Parse(request.Network);
        CheckSize(name, subnet);

        var reserved = new SortedSet<int> { 0, checked((int)subnet.Size) - 1 };
        string? gateway = null;
        if (request.Gateway is not null)
        {
            var address = ParseGateway(name, subnet, request.Gateway);
            reserved.Add(subnet.IndexOf(address));
            gateway = address.ToString();
        }
        foreach (string text in request.AddReservedIps)
            reserved.Add(ReservableIndex(name, subnet, text));

        var (network6, gateway6) = CheckIpv6(name, request.Network6, request.Gateway6);
        string? macPrefix = request.MacPrefix is null ? null : MacPrefix.Parse(request.MacPrefix).ToString();
        var tags = CheckTags(name, request.Tags);

        var network = new Network
        {
            Name = name,
            Subnet = subnet.ToString(),
            Gateway = gateway,
            Subnet6 = network6,
            Gateway6 = gateway6,
            MacPrefix = macPrefix,
            Tags = tags,
            ExternalReservations = reserved.Select(i => subnet.AddressAt(i).ToString()).ToList(),
        };
        state.Config.Networks[name] = network;
        state.AddedNetwork(network);
        return network;
    }

    public static void Modify(ClusterState state, NetworkModifyRequest request)
    {
        var network = state.GetNetwork(request.Name);
        string name = network.Name;
        var subnet = state.SubnetOf(network);
        var pool = state.PoolOf(network);
        var oldExternal = new SortedSet<int>(network.ExternalReservations
            .Select(ip => Ipv4Address.TryParse(ip, out var a) && subnet.Contains(a) ? subnet.IndexOf(a) : -1)
            .Where(i => i >= 0));
        var external = new SortedSet<int>(oldExternal);
        bool UsedByNic(int index) => pool.IsReserved(index) && !oldExternal.Contains(index);

        string? gateway = network.Gateway;
        int? gatewayIndex = GatewayIndex(subnet, gateway);
        if (request.Gateway is not null)
        {
            if (gatewayIndex is { } old)
                external.Remove(old);
            if (request.Gateway == NetworkModifyRequest.None)
            {
                gateway = null;
                gatewayIndex = null;
            }
            else
            {
                var address = ParseGateway(name, subnet, request.Gateway);
                int index = subnet.IndexOf(address);
                if (UsedByNic(index))
                    throw new TapyardException($"gateway {address} of network {name} is used by an instance's NIC; free that address first or choose another gateway");
                // The old gateway's reservation is gone from `external` already; a reservation still
                // there would be taken by the gateway and lost when the gateway next moves.
                if (!external.Add(index))
                    throw new TapyardException($"gateway {address} of network {name} is already externally reserved; release it first (--remove-reserved-ips {address}) or choose another gateway");
                gateway = address.ToString();
                gatewayIndex = index;
            }
        }

        foreach (string text in request.RemoveReservedIps)
        {
            var address = ParseReservable(name, text, "release");
            if (!subnet.Contains(address))
                throw new TapyardException($"cannot release IP address {address} in network {name}: {subnet} does not contain {address}");
            int index = subnet.IndexOf(address);
            if (index == 0 || index == subnet.Size - 1)
                throw new TapyardException($"cannot release IP address {address} in network {name}: it is the {(index == 0 ? "network" : "broadcast")} address and stays reserved");
            if (index == gatewayIndex)
                throw new TapyardException($"cannot release IP address {address} in network {name}: it is the gateway; change the gateway first");
            if (!external.Remove(index))
                throw new TapyardException($"cannot release IP address {address} in network {name}: it is not externally reserved");
        }

        foreach (string text in request.AddReservedIps)
        {
            int index = ReservableIndex(name, subnet, text);
            var address = subnet.AddressAt(index);
            if (UsedByNic(index))
                throw new TapyardException($"cannot reserve IP address {address} in network {name}: an instance's NIC uses it; remove that NIC first");
            if (!external.Add(index))
                throw new TapyardException($"cannot reserve IP address {address} in network {name}: it is already reserved");
        }

        string? network6 = network.Subnet6;
        string? gateway6 = network.Gateway6;
        if (request.Network6 is not null)
            network6 = request.Network6 == NetworkModifyRequest.None ? null : request.Network6;
        if (request.Gateway6 is not null)
            gateway6 = request.Gateway6 == NetworkModifyRequest.None ? null : request.Gateway6;
        if (request.Network6 is not null || request.Gateway6 is not null)
            (network6, gateway6) = CheckIpv6(name, network6, gateway6);

        string? macPrefix = network.MacPrefix;
        if (request.MacPrefix is not null)
            macPrefix = request.MacPrefix == NetworkModifyRequest.None ? null : MacPrefix.Parse(request.MacPrefix).ToString();

        var tags = new List<string>(network.Tags);
        foreach (string tag in CheckTags(name, request.AddTags))
        {
            if (!tags.Contains(tag))
                tags.Add(tag);
        }
        foreach (string tag in request.RemoveTags)
        {
            if (!tags.Remove(tag))
                throw new TapyardException($"network {name} has no tag '{tag}'; nothing to remove");
        }

        bool changed = gateway != network.Gateway || !external.SetEquals(oldExternal) || network6 != network.Subnet6
            || gateway6 != network.Gateway6 || macPrefix != network.MacPrefix || !tags.SequenceEqual(network.Tags);
        if (!changed)
            return;   // the serial counts changes, not commands

        // All checked: change the pool and the network.
        foreach (int index in oldExternal.Except(external))
            pool.Release(index);
        foreach (int index in external.Except(oldExternal))
            pool.Reserve(index);
        network.Gateway = gateway;
        network.ExternalReservations = external.Select(i => subnet.AddressAt(i).ToString()).ToList();
        network.Subnet6 = network6;
        network.Gateway6 = gateway6;
        network.MacPrefix = macPrefix;
        network.Tags = tags;
        network.Serial++;
    }

    public static void Remove(ClusterState state, string name)
    {
        var network = state.GetNetwork(name);
        var groups = state.ConnectionsOf(network).Select(c => c.Group.Name).ToList();
        if (groups.Count > 0)
            throw new TapyardException($"network {name} is connected to node groups {string.Join(", ", groups)}; disconnect it first");
        var users = state.UsersOf(network).Select(u => u.Instance).ToList();
        if (users.Count > 0)
            throw new TapyardException($"network {name} is used by instances {string.Join(", ", users)}; remove their NICs first");
        state.Config.Networks.Remove(name);
        state.RemovedNetwork(network);
    }

    /// <summary>
    /// Gives every NIC on <paramref name="networkName"/> in <paramref name="groupName"/> these
    /// parameters (unset ones inherit from the cluster). With <paramref name="checkConflicts"/>,
    /// refuses when instances of the group already use addresses of the network's subnet that the
    /// network does not account for (NICs on no or another network, not externally reserved).
    /// </summary>
    public static void Connect(ClusterState state, string networkName, string groupName, NicParams nicParams, bool checkConflicts)
    {
        var network = state.GetNetwork(networkName);
        var group = state.GetGroup(groupName);
        if (group.Networks.ContainsKey(network.Uuid))
            throw new TapyardException($"network {network.Name} is already connected to node group {group.Name}; disconnect it first to change its parameters");
        NicParamsRules.Resolve(nicParams, connection: null, state.Cluster);

        if (checkConflicts)
        {
            var subnet = state.SubnetOf(network);
            var external = new HashSet<string>(network.ExternalReservations, StringComparer.Ordinal);
            var conflicts = new List<string>();
            foreach (var instance in state.InstancesOf(group))
            {
                for (int i = 0; i < instance.Nics.Count; i++)
                {
                    var nic = instance.Nics[i];
                    if (nic.Ip is { } ip && nic.NetworkUuid != network.Uuid && !external.Contains(ip)
                        && Ipv4Address.TryParse(ip, out var address) && subnet.Contains(address))
                        conflicts.Add($"{instance.Name}: nic{i}/{ip}");
                }
            }
            if (conflicts.Count > 0)
                throw new TapyardException(
                    $"instances of node group {group.Name} already use addresses of network {network.Name} ({string.Join(", ", conflicts)}); change those NICs, or connect with --no-conflicts-check");
        }

        group.Networks[network.Uuid] = nicParams;
        group.Serial++;
    }

    public static void Disconnect(ClusterState state, string networkName, string groupName)
    {
        var network = state.GetNetwork(networkName);
        var group = state.GetGroup(groupName);
        if (!group.Networks.ContainsKey(network.Uuid))
            throw new TapyardException($"network {network.Name} is not connected to node group {group.Name}; nothing to disconnect");
        var users = new List<string>();
        foreach (var instance in state.InstancesOf(group))
        {
            for (int i = 0; i < instance.Nics.Count; i++)
            {
                if (instance.Nics[i].NetworkUuid == network.Uuid)
                    users.Add($"{instance.Name}: nic{i}/{instance.Nics[i].Ip ?? "-"}");
            }
        }
        if (users.Count > 0)
            throw new TapyardException(
                $"network {network.Name} is used by instances of node group {group.Name} ({string.Join(", ", users)}); remove or modify those NICs first");
        group.Networks.Remove(network.Uuid);
        group.Serial++;
    }

    private static void CheckSize(string name, Ipv4Subnet subnet)
    {
        if (subnet.PoolSizeProblem(name) is { } problem)
            throw new TapyardException(problem);
    }

    private static IPAddress ParseGateway(string name, Ipv4Subnet subnet, string text)
    {
        if (!TryParseIpv4(text, out var address))
            throw new TapyardException($"gateway '{text}' of network {name} is not an IPv4 address; give A.B.C.D");
        if (!subnet.Contains(address))
            throw new TapyardException($"network {name}: {subnet} does not contain gateway {address}; give a gateway inside the subnet");
        int index = subnet.IndexOf(address);
        if (index == 0)
            throw new TapyardException($"network {name}: gateway {address} is the network address of {subnet}; give a host address");
        if (index == subnet.Size - 1)
            throw new TapyardException($"network {name}: gateway {address} is the broadcast address of {subnet}; give a host address");
        return address;
    }

    private static int? GatewayIndex(Ipv4Subnet subnet, string? gateway) =>
        gateway is not null && Ipv4Address.TryParse(gateway, out var a) && subnet.Contains(a) ? subnet.IndexOf(a) : null;

    private static IPAddress ParseReservable(string name, string text, string verb) =>
        TryParseIpv4(text, out var address) ? address
            : throw new TapyardException($"cannot {verb} '{text}' in network {name}: it is not an IPv4 address; give A.B.C.D");

    private static int ReservableIndex(string name, Ipv4Subnet subnet, string text)
    {
        var address = ParseReservable(name, text, "reserve");
        if (!subnet.Contains(address))
            throw new TapyardException($"cannot reserve IP address {address} in network {name}: {subnet} does not contain {address}; give an address inside the subnet");
        return subnet.IndexOf(address);
    }

    private static bool TryParseIpv4(string text, out IPAddress address) => Ipv4Address.TryParse(text, out address);

    private static (string? Network6, string? Gateway6) CheckIpv6(string name, string? network6, string? gateway6)
    {
        Ipv6Subnet? subnet6 = network6 is null ? null : Ipv6Subnet.Parse(network6);
        string? gateway = null;
        if (gateway6 is not null)
        {
            var address = Ipv6Address.Parse(gateway6, $"IPv6 gateway of network {name}");
            if (subnet6 is { } s && !s.Contains(address))
                throw new TapyardException($"network {name}: {s} does not contain the IPv6 gateway {address}; give a gateway inside the IPv6 subnet");
            gateway = address.ToString();
        }
        return (subnet6?.ToString(), gateway);
    }

    private static List<string> CheckTags(string name, IReadOnlyList<string> tags)
    {
        var result = new List<string>();
        foreach (string tag in tags)
        {
            if (tag.Length == 0 || tag.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ','))
                throw new TapyardException($"tag '{tag}' of network {name} is not valid; use a non-empty tag without spaces or commas");
            if (!result.Contains(tag))
                result.Add(tag);
        }
        return result;
    }
}
