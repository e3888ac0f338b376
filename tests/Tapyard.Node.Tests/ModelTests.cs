using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

/// <summary>From the cluster model to devices: a lab node (Node.Netns), a network connected with macvtap parameters.</summary>
[Trait("Category", "Kernel")]
public sealed class ModelTests
{
    [Fact]
    public void An_instance_on_a_connected_macvtap_network_is_plugged_in_its_lab_nodes_namespace()
    {
        using var lab = NodeLab.Create("model");
        var state = ClusterState.Of(ClusterOperations.Init(new ClusterInitRequest()));
        var node = NodeOperations.Add(state, new NodeAddRequest { Name = NodeLab.NodeName, Netns = lab.Node.Name });
        NetworkOperations.Add(state, new NetworkAddRequest { Name = "vtap-net", Network = "192.0.2.0/24" });
        NetworkOperations.Connect(state, "vtap-net", ClusterInitRequest.DefaultGroupName,
            new NicParams { Mode = NicMode.Macvtap, Link = NodeLab.Uplink, MvtapMode = MvtapMode.Vepa }, checkConflicts: true);
        var instance = InstanceOperations.Add(state, new InstanceAddRequest
        {
            Name = "web1", Node = NodeLab.NodeName, Vcpus = 3,
            Nics = [new NicRequest { Index = 0, Network = "vtap-net", Ip = NicRequest.Pool }],
        });

        using var nics = NodeNics.Open(node, lab.Runtime.Path);
        using var plugged = nics.Plug(instance, state.NicsOf(instance));
        var nic = Assert.Single(plugged.Nics);
        var link = Ip.Link(lab.Node.Name, nic.Device);
        Assert.Equal("vepa", link.Get("linkinfo", "info_data", "mode")?.GetString());
        Assert.Equal(instance.Nics[0].Mac, link.GetProperty("address").GetString());
        Assert.Equal(3, nic.Queues.Count);
        Assert.Equal(instance.Nics[0].Uuid, nics.Records.TryRead(nic.Device)!.NicUuid);
        nics.Unplug(plugged);
        Assert.Empty(lab.Macvtaps());
    }
}
