using Tapyard.Cli.Commands.Network;
using Tapyard.Cli.Output;
using Tapyard.Cli.Tests.Support;
using Tapyard.Core.Model;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Tests.Golden;

/// <summary>
/// The same reference texts, this time from a ClusterConfig written by hand as Ganeti's
/// config.data holds the scenario (same UUIDs), through ClusterState and the view builder:
/// pool counts, map, reservations, connections and users all come from the model.
/// </summary>
public sealed class NetworkGoldenFromConfigTests
{
    private static ClusterConfig Scenario(bool withInstance)
    {
        var cluster = new Cluster
        {
            Name = "gnt-cluster",
            MacPrefix = "aa:00:00",
            DefaultNicParams = new NicParams { Mode = NicMode.Bridged, Link = "br0" },
        };
        cluster.DefaultLinks[NicMode.Bridged] = "br0";
        var config = new ClusterConfig { Cluster = cluster };
        var vtap = new Network
        {
            Uuid = Guid.Parse("92ca849e-f8b9-4dcb-a257-99a995ba3775"),
            Name = "vtap-net",
            Subnet = "192.0.2.0/28",
            Gateway = "192.0.2.1",
            ExternalReservations = ["192.0.2.0", "192.0.2.1", "192.0.2.14", "192.0.2.15"],
        };
        var big = new Network
        {
            Uuid = Guid.Parse("4ffb0dbb-95aa-4a0f-8d5e-9ffa98507b88"),
            Name = "big16",
            Subnet = "10.20.0.0/16",
            Gateway = "10.20.0.1",
            ExternalReservations = ["10.20.0.0", "10.20.0.1", "10.20.255.255"],
        };
        config.Networks[vtap.Name] = vtap;
        config.Networks[big.Name] = big;
        var group = new NodeGroup { Name = "default" };
        group.Networks[vtap.Uuid] = new NicParams { Mode = NicMode.Bridged, Link = "br0" };
        config.Groups[group.Name] = group;
        var node = new Core.Model.Node { Name = "vm", GroupUuid = group.Uuid };
        config.Nodes[node.Name] = node;
        if (withInstance)
        {
            var instance = new Instance { Name = "inst1", NodeUuid = node.Uuid };
            instance.Nics.Add(new Nic { Mac = "aa:00:00:c0:8e:93", Ip = "192.0.2.2", NetworkUuid = vtap.Uuid });
            config.Instances[instance.Name] = instance;
        }
        return config;
    }

    private static string Info(ClusterConfig config, string network)
    {
        var state = ClusterState.Of(config);
        var writer = new StringWriter();
        NetworkInfoText.Write(writer, NetworkViews.Of(state, [state.GetNetwork(network)]).Single());
        return writer.ToString();
    }

    private static string List(ClusterConfig config, string? fields = null)
    {
        var state = ClusterState.Of(config);
        var writer = new StringWriter();
        ListPrinter.WriteTable(writer, NetworkViews.Of(state, config.Networks.Values), ListPrinter.Choose(NetworkFields.All, fields),
            style: TableStyle.Ganeti);
        return writer.ToString();
    }

    [Fact]
    public void Info_of_the_28_before_the_instance() =>
        Assert.Equal(Ganeti.Output("08-network-info-before-instance.txt"), Info(Scenario(withInstance: false), "vtap-net"));

    [Fact]
    public void Info_of_the_28_after_the_instance() =>
        Assert.Equal(Ganeti.Output("12-network-info-after-instance.txt"), Info(Scenario(withInstance: true), "vtap-net"));

    [Fact]
    public void Info_of_the_16() =>
        Assert.Equal(Ganeti.Output("10-network-info-big16.txt"), Info(Scenario(withInstance: true), "big16"));

    [Fact]
    public void List_after_the_instance() =>
        Assert.Equal(Ganeti.Output("13-network-list-after-instance.txt"), List(Scenario(withInstance: true)));

    [Fact]
    public void List_with_counts_after_the_instance() =>
        Assert.Equal(Ganeti.Output("14-network-list-fields-after-instance.txt"),
            List(Scenario(withInstance: true), "name,network,free_count,reserved_count,group_list"));

    [Fact]
    public void A_connection_without_a_link_shows_the_cluster_default_link()
    {
        var config = Scenario(withInstance: false);
        config.Groups["default"].Networks[config.Networks["vtap-net"].Uuid] = new NicParams { Mode = NicMode.Bridged };
        Assert.Contains("    default (mode:bridged link:br0 vlan:)\n", Info(config, "vtap-net"));
    }

    [Fact]
    public void A_macvtap_connection_without_mvtap_mode_shows_the_default_bridge()
    {
        var config = Scenario(withInstance: false);
        config.Groups["default"].Networks[config.Networks["vtap-net"].Uuid] = new NicParams { Mode = NicMode.Macvtap, Link = "eth0" };
        Assert.Contains("    default (mode:macvtap link:eth0 vlan: mvtap_mode:bridge)\n", Info(config, "vtap-net"));
        Assert.Contains(" default (macvtap, eth0, , bridge) \n", List(config));
    }
}
