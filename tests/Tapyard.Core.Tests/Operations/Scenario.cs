using Tapyard.Core.Model;
using Tapyard.Core.Operations;

namespace Tapyard.Core.Tests.Operations;

/// <summary>
/// The seed's world: a cluster (bridged on br0 by default, as the Ganeti reference run), group
/// vtap_group with node n1, network vtap-net 192.0.2.0/28 (gateway .1, .14 reserved) connected to
/// vtap_group with mode=macvtap,link=eth0,mvtap_mode=bridge; group default with node n2.
/// </summary>
internal static class Scenario
{
    public static ClusterState Cluster(string defaults = "mode=bridged,link=br0")
    {
        var config = ClusterOperations.Init(new ClusterInitRequest { NicParams = NicParamsParser.Parse(defaults) });
        return ClusterState.Of(config);
    }

    public static ClusterState Seed()
    {
        var state = Cluster();
        GroupOperations.Add(state, "vtap_group");
        NodeOperations.Add(state, new NodeAddRequest { Name = "n1", Group = "vtap_group" });
        NodeOperations.Add(state, new NodeAddRequest { Name = "n2", Group = "default" });
        NetworkOperations.Add(state, new NetworkAddRequest
        {
            Name = "vtap-net",
            Network = "192.0.2.0/28",
            Gateway = "192.0.2.1",
            AddReservedIps = ["192.0.2.14"],
        });
        NetworkOperations.Connect(state, "vtap-net", "vtap_group", NicParamsParser.Parse("mode=macvtap,link=eth0,mvtap_mode=bridge"), checkConflicts: true);
        return state;
    }

    public static InstanceAddRequest Instance(string name, params string[] nets) => InstanceOn("n1", name, nets);

    public static InstanceAddRequest InstanceOn(string node, string name, params string[] nets) =>
        new() { Name = name, Node = node, Nics = nets.Select(NicRequestParser.Parse).ToList() };

    public static Instance AddInstance(ClusterState state, string name, params string[] nets) =>
        InstanceOperations.Add(state, Instance(name, nets));
}
