using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Node.Verify;

namespace Tapyard.Node.Tests;

/// <summary>Which links `node verify` expects on a node: those of the networks connected to the node's own group.</summary>
public sealed class VerifyConnectedLinksTests
{
    [Fact]
    public void Only_the_nodes_group_counts_and_routed_connections_need_no_device()
    {
        var config = new ClusterConfig
        {
            Cluster = new Cluster { Name = "c", MacPrefix = "aa:00:00", DefaultNicParams = new NicParams { Mode = NicMode.Bridged, Link = "br0" } },
        };
        var mine = new NodeGroup { Name = "mine" };
        var other = new NodeGroup { Name = "other" };
        config.Groups[mine.Name] = mine;
        config.Groups[other.Name] = other;
        foreach (string name in new[] { "vt", "rt", "elsewhere" })
            config.Networks[name] = new Network { Name = name, Subnet = "192.0.2.0/28" };
        mine.Networks[config.Networks["vt"].Uuid] = new NicParams { Mode = NicMode.Macvtap, Link = "eth0" };
        mine.Networks[config.Networks["rt"].Uuid] = new NicParams { Mode = NicMode.Routed, Link = "100" };
        other.Networks[config.Networks["elsewhere"].Uuid] = new NicParams { Mode = NicMode.Macvtap, Link = "eth5" };
        var node = new Core.Model.Node { Name = "n1", GroupUuid = mine.Uuid };
        config.Nodes[node.Name] = node;

        Assert.Equal([new ConnectedLink("vt", "eth0")], NodeVerifier.ConnectedLinks(ClusterState.Of(config), node));
    }
}
