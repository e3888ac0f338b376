using Tapyard.Cli.Commands.Network;
using Tapyard.Cli.Output;
using Tapyard.Cli.Tests.Support;
using Tapyard.Core.Naming;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Tests.Golden;

/// <summary>`network list` against what Ganeti 3.0.2 printed, trailing blanks included.</summary>
public sealed class NetworkListGoldenTests
{
    private static string List(IEnumerable<NetworkView> networks, string? fields = null, bool headers = true, string? separator = null)
    {
        var writer = new StringWriter();
        var sorted = networks.OrderBy(n => n.Name, NaturalComparer.Instance).ToList();
        ListPrinter.WriteTable(writer, sorted, ListPrinter.Choose(NetworkFields.All, NetworkFields.Canonical(fields)), headers, separator, TableStyle.Ganeti);
        return writer.ToString();
    }

    private static NetworkView Unconnected => NetworkInfoGoldenTests.VtapNet("XX............XX", [], []);
    private static NetworkView Connected => NetworkInfoGoldenTests.VtapNet("XX............XX", [NetworkInfoGoldenTests.DefaultBridged], []);
    private static NetworkView WithInstance => NetworkInfoGoldenTests.VtapNet("XXX...........XX", [NetworkInfoGoldenTests.DefaultBridged],
        [new NetworkUser("inst1", [(0, "192.0.2.2")])]);

    [Fact]
    public void Unconnected_network_leaves_group_list_and_tags_blank() =>
        Assert.Equal(Ganeti.Output("03-network-list-unconnected.txt"), List([Unconnected]));

    [Fact]
    public void Connected_network_shows_the_three_part_group_entry() =>
        Assert.Equal(Ganeti.Output("06-network-list.txt"), List([Connected]));

    [Fact]
    public void Chosen_fields_right_align_numbers() =>
        Assert.Equal(Ganeti.Output("07-network-list-fields.txt"), List([Connected], "name,network,free_count,reserved_count,group_list"));

    [Fact]
    public void Two_networks() =>
        Assert.Equal(Ganeti.Output("13-network-list-after-instance.txt"), List([WithInstance, NetworkInfoGoldenTests.Big16()]));

    [Fact]
    public void Two_networks_with_counts() =>
        Assert.Equal(Ganeti.Output("14-network-list-fields-after-instance.txt"),
            List([WithInstance, NetworkInfoGoldenTests.Big16()], "name,network,free_count,reserved_count,group_list"));

    [Fact]
    public void Names_sort_naturally()
    {
        var bulk = Enumerable.Range(5, 15).Select(i => new NetworkView
        {
            Name = $"bulk{i}",
            Uuid = Guid.NewGuid(),
            Serial = 1,
            Subnet = $"10.100.{i}.0/28",
            Gateway = $"10.100.{i}.1",
            Size = 16,
            FreeCount = 13,
            Map = () => "XX.............X",
        });
        var all = bulk.Reverse().Append(Connected).Append(NetworkInfoGoldenTests.Big16());
        Assert.Equal(Ganeti.Output("16-network-list-natural-sort.txt"), List(all));
    }

    [Fact]
    public void A_macvtap_group_has_the_four_part_form_of_the_design()
    {
        var vtap = Connections.Of("vtap_group", NicMode.Macvtap, "eth0", null, MvtapMode.Bridge);
        string text = List([NetworkInfoGoldenTests.VtapNet("XX............XX", [vtap], [])]);
        Assert.Equal(
            "Network  Subnet       Gateway   MacPrefix GroupList                            Tags\n" +
            "vtap-net 192.0.2.0/28 192.0.2.1 -         vtap_group (macvtap, eth0, , bridge) \n", text);
    }

    [Fact]
    public void Several_groups_are_joined_with_comma_space()
    {
        var vtap = Connections.Of("vtap_group", NicMode.Macvtap, "eth0", 7, MvtapMode.Private);
        string text = List([NetworkInfoGoldenTests.VtapNet("XX............XX", [NetworkInfoGoldenTests.DefaultBridged, vtap], [])], "group_list", headers: false);
        Assert.Equal("default (bridged, br0, ), vtap_group (macvtap, eth0, 7, private)\n", text);
    }

    [Fact]
    public void Separator_joins_without_padding_and_no_headers_drops_the_title_row()
    {
        Assert.Equal("vtap-net|192.0.2.0/28|12|4\n", List([Connected], "name,network,free_count,reserved_count", headers: false, separator: "|"));
    }

    [Fact]
    public void Instances_is_an_alias_of_inst_list()
    {
        Assert.Equal("InstanceList\ninst1\n", List([WithInstance], "instances"));
    }

    [Fact]
    public void Natural_comparer_orders_digit_runs_by_value()
    {
        string[] names = ["n10", "n9", "n1a", "n1", "m2", "n01"];
        Assert.Equal(["m2", "n01", "n1", "n1a", "n9", "n10"], names.OrderBy(n => n, NaturalComparer.Instance));
    }
}
