using Tapyard.Cli.Output;
using Tapyard.Core.Naming;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Group;

/// <summary>One line of `group list`.</summary>
internal sealed record GroupRow(string Name, Guid Uuid, long Serial, IReadOnlyList<string> Nodes, int InstanceCount, IReadOnlyList<string> Networks)
{
    public static IReadOnlyList<GroupRow> From(ClusterState state)
    {
        var config = state.Config;
        var nodesByGroup = config.Nodes.Values.ToLookup(n => n.GroupUuid);
        var instancesByNode = config.Instances.Values.ToLookup(i => i.NodeUuid);
        return config.Groups.Values
            .OrderByName(g => g.Name)
            .Select(g =>
            {
                var nodes = nodesByGroup[g.Uuid].ToList();
                var networks = g.Networks.Keys.Select(state.NetworkByUuid).OfType<Core.Model.Network>()
                    .Select(n => n.Name).OrderByName(n => n).ToList();
                return new GroupRow(g.Name, g.Uuid, g.Serial, nodes.Select(n => n.Name).OrderByName(n => n).ToList(),
                    nodes.Sum(n => instancesByNode[n.Uuid].Count()), networks);
            })
            .ToList();
    }
}
