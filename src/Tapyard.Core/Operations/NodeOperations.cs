using System.Net;
using System.Net.Sockets;
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
        if (request.PrimaryIp is { } ip)
        {
            if (!IPAddress.TryParse(ip, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork || parsed.ToString() != ip)
                throw new TapyardException($"primary IP '{ip}' of node {request.Name} is not a valid IPv4 address; use a dotted quad like 192.0.2.1");
            // Real hosts share one network, so their primary IPs are unique. A lab node (netns) sits behind its
            // lab's own switch: two labs sharing one config both have a node 192.0.2.1, and lab up numbers its own.
            if (request.Netns is null && state.Config.Nodes.Values.FirstOrDefault(n => n.PrimaryIp == ip && n.Netns is null) is { } owner)
                throw new TapyardException($"primary IP {ip} is already node {owner.Name}'s; every node needs its own primary IP");
        }
        var node = new Node { Name = request.Name, GroupUuid = group.Uuid, Netns = request.Netns, PrimaryIp = request.PrimaryIp };
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
