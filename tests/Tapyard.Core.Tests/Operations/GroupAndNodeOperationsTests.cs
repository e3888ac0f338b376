using Tapyard.Core.Errors;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

public sealed class GroupAndNodeOperationsTests
{
    [Fact]
    public void Group_add_and_remove()
    {
        var state = Scenario.Cluster();
        var group = GroupOperations.Add(state, "g1");
        Assert.Same(group, state.GetGroup("g1"));
        Assert.Same(group, state.GroupByUuid(group.Uuid));
        GroupOperations.Remove(state, "g1");
        Assert.Null(state.GroupByUuid(group.Uuid));
        Assert.False(state.Config.Groups.ContainsKey("g1"));
    }

    [Fact]
    public void Group_errors_change_nothing()
    {
        var state = Scenario.Seed();
        var uuid = state.GetGroup("vtap_group").Uuid;
        Unchanged.Fails(state, () => GroupOperations.Add(state, "vtap_group"), $"node group vtap_group already exists (UUID: {uuid}); choose another name");
        Unchanged.Fails(state, () => GroupOperations.Add(state, "has space"), "node group name 'has space' contains 'whitespace'; use letters, digits, '-', '_' and '.'");
        Unchanged.Fails(state, () => GroupOperations.Add(state, ""), "a node group needs a name; give one");
        Unchanged.Fails(state, () => GroupOperations.Remove(state, "nosuch"), "node group 'nosuch' does not exist");
        Unchanged.Fails(state, () => GroupOperations.Remove(state, "vtap_group"), "node group vtap_group still has nodes (n1); remove them first");
        NodeOperations.Remove(state, "n1");
        Unchanged.Fails(state, () => GroupOperations.Remove(state, "vtap_group"), "node group vtap_group is connected to networks (vtap-net); disconnect them first");
        NetworkOperations.Disconnect(state, "vtap-net", "vtap_group");
        GroupOperations.Remove(state, "vtap_group");
    }

    [Fact]
    public void Node_add_records_group_and_netns()
    {
        var state = Scenario.Cluster();
        var node = NodeOperations.Add(state, new NodeAddRequest { Name = "lab1", Netns = "tapyard-lab1" });
        Assert.Equal(state.GetGroup("default").Uuid, node.GroupUuid);
        Assert.Equal("tapyard-lab1", node.Netns);
        Assert.Same(node, state.NodeByUuid(node.Uuid));
        NodeOperations.Remove(state, "lab1");
        Assert.Null(state.NodeByUuid(node.Uuid));
    }

    [Fact]
    public void Node_add_records_the_primary_ip()
    {
        var state = Scenario.Cluster();
        Assert.Null(NodeOperations.Add(state, new NodeAddRequest { Name = "plain" }).PrimaryIp);
        Assert.Equal("192.0.2.1", NodeOperations.Add(state, new NodeAddRequest { Name = "lab1", PrimaryIp = "192.0.2.1" }).PrimaryIp);
    }

    [Theory]
    [InlineData("1")]            // IPAddress.TryParse would read 0.0.0.1
    [InlineData("192.0.2.300")]
    [InlineData("2001:db8::1")]
    [InlineData("192.0.2.1 ")]
    [InlineData("")]
    public void A_primary_ip_that_is_not_a_dotted_quad_is_refused(string ip)
    {
        var state = Scenario.Seed();
        Unchanged.Fails(state, () => NodeOperations.Add(state, new NodeAddRequest { Name = "x", PrimaryIp = ip }),
            $"primary IP '{ip}' of node x is not a valid IPv4 address; use a dotted quad like 192.0.2.1");
    }

    [Fact]
    public void A_primary_ip_another_node_has_is_refused()
    {
        var state = Scenario.Seed();
        NodeOperations.Add(state, new NodeAddRequest { Name = "a", PrimaryIp = "192.0.2.1" });
        Unchanged.Fails(state, () => NodeOperations.Add(state, new NodeAddRequest { Name = "b", PrimaryIp = "192.0.2.1" }),
            "primary IP 192.0.2.1 is already node a's; every node needs its own primary IP");
    }

    [Fact]
    public void Lab_nodes_may_share_a_primary_ip()
    {
        // Each lab has its own switch: lab1-n1 and lab2-n1 are both 192.0.2.1, and so may a real host be.
        var state = Scenario.Cluster();
        NodeOperations.Add(state, new NodeAddRequest { Name = "host1", PrimaryIp = "192.0.2.1" });
        NodeOperations.Add(state, new NodeAddRequest { Name = "lab1-n1", Netns = "lab1-n1", PrimaryIp = "192.0.2.1" });
        NodeOperations.Add(state, new NodeAddRequest { Name = "lab2-n1", Netns = "lab2-n1", PrimaryIp = "192.0.2.1" });
        Assert.Equal(3, state.Config.Nodes.Count);
    }

    [Fact]
    public void Node_errors_change_nothing()
    {
        var state = Scenario.Seed();
        var n1 = state.GetNode("n1");
        Unchanged.Fails(state, () => NodeOperations.Add(state, new NodeAddRequest { Name = "x", Group = "nosuch" }), "node group 'nosuch' does not exist");
        Unchanged.Fails(state, () => NodeOperations.Add(state, new NodeAddRequest { Name = "n1" }), $"node n1 already exists (UUID: {n1.Uuid}); choose another name");
        Unchanged.Fails(state, () => NodeOperations.Add(state, new NodeAddRequest { Name = "x", Netns = "a/b" }),
            "network namespace name 'a/b' of node x is not valid; use a name without '/' or whitespace");
        Unchanged.Fails(state, () => NodeOperations.Remove(state, "nosuch"), "node 'nosuch' does not exist");
        Scenario.AddInstance(state, "inst1", "0:network=vtap-net");
        Scenario.AddInstance(state, "inst0");
        Unchanged.Fails(state, () => NodeOperations.Remove(state, "n1"), "node n1 still has instances (inst0, inst1); remove them first");
    }
}
