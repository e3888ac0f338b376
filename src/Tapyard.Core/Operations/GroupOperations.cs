using Tapyard.Core.Errors;
using Tapyard.Core.Model;

namespace Tapyard.Core.Operations;

/// <summary>`group add` and `group remove`.</summary>
public static class GroupOperations
{
    public static NodeGroup Add(ClusterState state, string name)
    {
        ObjectNames.Check("node group", name);
        if (state.Config.Groups.TryGetValue(name, out var existing))
            throw new TapyardException($"node group {name} already exists (UUID: {existing.Uuid}); choose another name");
        var group = new NodeGroup { Name = name };
        state.Config.Groups[name] = group;
        state.AddedGroup(group);
        return group;
    }

    public static void Remove(ClusterState state, string name)
    {
        var group = state.GetGroup(name);
        var nodes = state.Config.Nodes.Values.Where(n => n.GroupUuid == group.Uuid).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        if (nodes.Count > 0)
            throw new TapyardException($"node group {name} still has nodes ({string.Join(", ", nodes)}); remove them first");
        if (group.Networks.Count > 0)
        {
            var networks = group.Networks.Keys.Select(u => state.NetworkByUuid(u)?.Name ?? u.ToString()).Order(StringComparer.Ordinal);
            throw new TapyardException($"node group {name} is connected to networks ({string.Join(", ", networks)}); disconnect them first");
        }
        state.Config.Groups.Remove(name);
        state.RemovedGroup(group);
    }
}
