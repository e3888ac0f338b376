using Tapyard.Cli.Commands.Network;
using Tapyard.Cli.Tests.Support;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Tests.Golden;

/// <summary>`network info` against what Ganeti 3.0.2 printed, byte for byte.</summary>
public sealed class NetworkInfoGoldenTests
{
    private static readonly Guid VtapUuid = Guid.Parse("92ca849e-f8b9-4dcb-a257-99a995ba3775");
    private static readonly Guid Big16Uuid = Guid.Parse("4ffb0dbb-95aa-4a0f-8d5e-9ffa98507b88");

    internal static NetworkView VtapNet(string map, IReadOnlyList<NetworkConnection> groups, IReadOnlyList<NetworkUser> users) => new()
    {
        Name = "vtap-net",
        Uuid = VtapUuid,
        Serial = 1,
        Subnet = "192.0.2.0/28",
        Gateway = "192.0.2.1",
        Size = map.Length,
        FreeCount = map.Count(c => c == '.'),
        Map = () => map,
        ExternalReservations = ["192.0.2.0", "192.0.2.1", "192.0.2.14", "192.0.2.15"],
        Groups = groups,
        Users = users,
    };

    internal static NetworkView Big16() => new()
    {
        Name = "big16",
        Uuid = Big16Uuid,
        Serial = 1,
        Subnet = "10.20.0.0/16",
        Gateway = "10.20.0.1",
        Size = 65536,
        FreeCount = 65533,
        Map = () => "XX" + new string('.', 65533) + "X",
        ExternalReservations = ["10.20.0.0", "10.20.0.1", "10.20.255.255"],
    };

    internal static NetworkConnection DefaultBridged => Connections.Of("default", NicMode.Bridged, "br0", null, null);

    private static string Info(NetworkView view)
    {
        var writer = new StringWriter();
        NetworkInfoText.Write(writer, view);
        return writer.ToString();
    }

    [Fact]
    public void A_28_with_reservations_not_connected() =>
        Assert.Equal(Ganeti.Output("04-network-info-unconnected.txt"), Info(VtapNet("XX............XX", [], [])));

    [Fact]
    public void A_28_connected_to_a_bridged_group() =>
        Assert.Equal(Ganeti.Output("08-network-info-before-instance.txt"), Info(VtapNet("XX............XX", [DefaultBridged], [])));

    [Fact]
    public void A_28_with_an_instance_shows_its_nic_index_and_ip() =>
        Assert.Equal(Ganeti.Output("12-network-info-after-instance.txt"),
            Info(VtapNet("XXX...........XX", [DefaultBridged], [new NetworkUser("inst1", [(0, "192.0.2.2")])])));

    [Fact]
    public void A_16_has_1024_map_rows_with_start_and_end_index() =>
        Assert.Equal(Ganeti.Output("10-network-info-big16.txt"), Info(Big16()));

    [Fact]
    public void A_macvtap_connection_shows_mvtap_mode_as_in_the_design()
    {
        var vtap = Connections.Of("vtap_group", NicMode.Macvtap, "eth0", null, MvtapMode.Bridge);
        string text = Info(VtapNet("XX............XX", [vtap], []));
        Assert.Contains("\n  connected to node groups:\n    vtap_group (mode:macvtap link:eth0 vlan: mvtap_mode:bridge)\n", text);
    }

    [Fact]
    public void A_vlan_shows_its_number()
    {
        var vtap = Connections.Of("g", NicMode.Macvtap, "eth0", 100, MvtapMode.Vepa);
        Assert.Contains("    g (mode:macvtap link:eth0 vlan:100 mvtap_mode:vepa)\n", Info(VtapNet("XX............XX", [vtap], [])));
    }

    [Fact]
    public void Several_nics_of_one_instance_on_the_network_are_joined_with_commas()
    {
        var user = new NetworkUser("inst1", [(0, "192.0.2.2"), (2, null)]);
        Assert.Contains("    inst1: 0:192.0.2.2, 2:None\n", Info(VtapNet("XXX...........XX", [DefaultBridged], [user])));
    }

    [Fact]
    public void Long_reservation_lists_wrap_at_64_columns_like_textwrap()
    {
        var lines = NetworkInfoText.Wrap(string.Join(", ", Enumerable.Range(1, 12).Select(i => $"10.0.0.{i * 10}")), 64).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 64, l));
        // What Python's textwrap.wrap(text, width=64) gives for the same text.
        Assert.Equal(["10.0.0.10, 10.0.0.20, 10.0.0.30, 10.0.0.40, 10.0.0.50,", "10.0.0.60, 10.0.0.70, 10.0.0.80, 10.0.0.90, 10.0.0.100,",
            "10.0.0.110, 10.0.0.120"], lines);
    }
}
