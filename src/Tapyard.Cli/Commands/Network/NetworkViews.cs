using Tapyard.Cli.Output;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// Builds <see cref="NetworkView"/>s from the cluster state with one pass over the instances
/// however many networks are shown, so `network list` stays linear in the config's size.
/// </summary>
internal static class NetworkViews
{
    public static IReadOnlyList<NetworkView> Of(ClusterState state, IReadOnlyCollection<Core.Model.Network> networks)
    {
        var wanted = networks.Select(n => n.Uuid).ToHashSet();
        var users = wanted.ToDictionary(u => u, _ => new List<NetworkUser>());
        foreach (var instance in state.Config.Instances.Values)
        {
            Dictionary<Guid, List<(int, string?)>>? nicsByNetwork = null;
            for (int index = 0; index < instance.Nics.Count; index++)
            {
                var nic = instance.Nics[index];
                if (nic.NetworkUuid is not { } uuid || !wanted.Contains(uuid))
                    continue;
                nicsByNetwork ??= [];
                if (!nicsByNetwork.TryGetValue(uuid, out var nics))
                    nicsByNetwork[uuid] = nics = [];
                nics.Add((index, nic.Ip));
            }
            if (nicsByNetwork is null)
                continue;
            foreach (var (uuid, nics) in nicsByNetwork)
                users[uuid].Add(new NetworkUser(instance.Name, nics));
        }

        var groups = state.Config.Groups.Values.OrderByName(g => g.Name).ToList();
        return networks
            .OrderByName(n => n.Name)
            .Select(network =>
            {
                var pool = state.PoolOf(network);
                return new NetworkView
                {
                    Name = network.Name,
                    Uuid = network.Uuid,
                    Serial = network.Serial,
                    Subnet = network.Subnet,
                    Gateway = network.Gateway,
                    Subnet6 = network.Subnet6,
                    Gateway6 = network.Gateway6,
                    MacPrefix = network.MacPrefix,
                    Tags = network.Tags,
                    Size = pool.Size,
                    FreeCount = pool.FreeCount,
                    Map = pool.Map,
                    ExternalReservations = network.ExternalReservations,
                    Groups = groups
                        .Where(g => g.Networks.ContainsKey(network.Uuid))
                        .Select(g => Connection(state, g.Name, g.Networks[network.Uuid]))
                        .ToList(),
                    Users = users[network.Uuid].OrderByName(u => u.Instance).ToList(),
                };
            })
            .ToList();
    }

    /// <summary>What the connection gives a NIC that sets nothing itself: its values over the cluster defaults.</summary>
    private static GroupConnection Connection(ClusterState state, string group, NicParams connection)
    {
        var p = NicParamsRules.Resolve(NicParams.Empty, connection, state.Cluster, requireLink: false);
        return new GroupConnection(group, p.Mode, p.Link, p.Vlan, p.MvtapMode);
    }
}
