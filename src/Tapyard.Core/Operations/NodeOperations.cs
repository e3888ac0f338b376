using Tapyard.Core.Errors;
using Tapyard.Core.Model;

namespace Tapyard.Core.Operations;

/// <summary>`node add` and `node remove`.</summary>
public static class NodeOperations
{
    public static Node Add(ClusterState state, NodeAddRequest request)
    {
        ObjectNames.Check("node", request.Name);
        if (state.Config.Nodes.TryGetValue(request.Name, out var existing))
            throw new TapyardException($"node {request.Name} already exists (UUID: {existing.Uuid}); choose another name");
        var group = state.GetGroup(request.Group);
        if (request.Netns is { } netns && (netns.Length == 0 || netns is "." or ".." || netns.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))))
            throw new TapyardException($"network namespace name '{netns}' of node {request.Name} is not valid; use a name without '/' or whitespace");
        var node = new Node { Name = request.Name, GroupUuid = group.Uuid, Netns = request.Netns };
        state.Config.Nodes[node.Name] = node;
        state.AddedNode(node);
        return node;
    }

    public static void Remove(ClusterState state, string name)
    {
        var node = state.GetNode(name);
        var instances = state.Config.Instances.Values.Where(i => i.NodeUuid == node.Uuid).Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
        if (instances.Count > 0)
            throw new TapyardException($"node {name} still has instances ({string.Join(", ", instances)}); remove them first");
        state.Config.Nodes.Remove(name);
        state.RemovedNode(node);
    }
}
