using Tapyard.Core.Naming;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

/// <summary>
/// Builds <see cref="NetworkView"/>s from the cluster state: connections and users come from
/// <see cref="ClusterState"/> (one pass over the instances however many networks are shown, so
/// `network list` stays linear in the config's size); this only puts them together for printing.
/// </summary>
internal static class NetworkViews
{
    public static IReadOnlyList<NetworkView> Of(ClusterState state, IReadOnlyCollection<Core.Model.Network> networks)
    {
        var users = state.UsersOf(networks);
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
                    Groups = state.ConnectionsOf(network),
                    Users = users[network.Uuid],
                };
            })
            .ToList();
    }
}
