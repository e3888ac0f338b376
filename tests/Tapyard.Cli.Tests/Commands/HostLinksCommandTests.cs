using System.Text.Json;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Links;

namespace Tapyard.Cli.Tests.Commands;

[Trait("Category", "Kernel")]
public sealed class HostLinksCommandTests
{
    private static readonly MacAddress TapMac = MacAddress.Parse("52:54:00:c1:10:01");

    /// <summary>
    /// A veth uplink (up), a vepa macvtap on it with an explicit ifindex and 2 queues, and a bridge
    /// holding the uplink's peer. (No vlan: this kernel has no 8021q driver.)
    /// </summary>
    private static (int UplinkIndex, int TapIndex) Populate(TestNamespace ns)
    {
        var links = ns.Netlink.Links;
        var uplink = links.Create(new VethLinkSpec { Name = "uplink", PeerName = "switchport", Up = true });
        int tapIndex = links.CreateWithUniqueIndex(new MacvlanLinkSpec
        {
            Name = "mvt0", Lower = "uplink", Mode = MacvlanMode.Vepa, Mac = TapMac, TxQueues = 2, RxQueues = 2,
        }).Index;
        // The bridge through iproute2: this test is about reading links, not creating bridges.
        Ip.Run("-n", ns.Name, "link", "add", "br0", "type", "bridge");
        Ip.Run("-n", ns.Name, "link", "set", "switchport", "master", "br0");
        return (uplink.Index, tapIndex);
    }

    [Fact]
    public void Json_lists_every_link_with_resolved_names_and_stable_keys()
    {
        using var ns = TestNamespace.Create("cli-links");
        var (uplinkIndex, tapIndex) = Populate(ns);

        var result = TapyardCli.Run("host", "links", "--netns", ns.Name, "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Output);
        var links = document.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        Assert.Equal(["br0", "lo", "mvt0", "switchport", "uplink"], links.Keys.Order(StringComparer.Ordinal));

        var tap = links["mvt0"];
        Assert.Equal(
            ["name", "index", "kind", "mode", "lower", "lower_index", "lower_netnsid", "mac", "mtu", "state", "admin_up", "queues", "master", "vlan", "group"],
            tap.EnumerateObject().Select(p => p.Name));
        Assert.Equal(tapIndex, tap.GetProperty("index").GetInt32());
        Assert.Equal("macvtap", tap.GetProperty("kind").GetString());
        Assert.Equal("vepa", tap.GetProperty("mode").GetString());
        Assert.Equal("uplink", tap.GetProperty("lower").GetString());
        Assert.Equal(uplinkIndex, tap.GetProperty("lower_index").GetInt32());
        Assert.Equal(TapMac.ToString(), tap.GetProperty("mac").GetString());
        Assert.Equal(1500, tap.GetProperty("mtu").GetInt32());
        Assert.Equal(2, tap.GetProperty("queues").GetProperty("tx").GetInt32());
        Assert.Equal(2, tap.GetProperty("queues").GetProperty("rx").GetInt32());
        Assert.Equal(JsonValueKind.Null, tap.GetProperty("vlan").ValueKind);
        Assert.False(tap.GetProperty("admin_up").GetBoolean());

        Assert.Equal("br0", links["switchport"].GetProperty("master").GetString());
        Assert.Equal("bridge", links["br0"].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, links["uplink"].GetProperty("master").ValueKind);
        Assert.Equal("switchport", links["uplink"].GetProperty("lower").GetString()); // a veth's peer
        Assert.True(links["uplink"].GetProperty("admin_up").GetBoolean());
        Assert.Equal("down", links["lo"].GetProperty("state").GetString()); // a fresh namespace's loopback is down
        Assert.Equal(JsonValueKind.Null, links["lo"].GetProperty("kind").ValueKind);
    }

    [Fact]
    public void Table_has_a_header_and_one_aligned_row_per_link()
    {
        using var ns = TestNamespace.Create("cli-table");
        var (_, tapIndex) = Populate(ns);

        var result = TapyardCli.Run("host", "links", "-n", ns.Name);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(["Name", "Index", "Kind", "Mode", "Lower", "MAC", "MTU", "State", "Queues", "Master", "VLAN", "Group"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(6, lines.Length); // header, lo, uplink, switchport, mvt0, br0
        string tapLine = lines.Single(l => l.StartsWith("mvt0 "));
        Assert.Equal(["mvt0", tapIndex.ToString(), "macvtap", "vepa", "uplink", TapMac.ToString(), "1500"],
            tapLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(7));
        Assert.Contains(" 2/2 ", tapLine);
        // Aligned: every column starts where its header starts (the Kind column, left-aligned).
        int kindColumn = lines[0].IndexOf("Kind", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.NotEqual(' ', line[kindColumn]));
    }

    [Fact]
    public void Kind_filter_keeps_only_that_kind()
    {
        using var ns = TestNamespace.Create("cli-kind");
        Populate(ns);

        var result = TapyardCli.Run("host", "links", "--netns", ns.Name, "--kind", "macvtap", "-o", "name,kind", "--no-headers");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("mvt0 macvtap\n", result.Output);
    }

    [Fact]
    public void A_lower_device_in_another_namespace_shows_as_at_ifN()
    {
        using var ns = TestNamespace.Create("cli-peer");
        using var other = TestNamespace.Create("cli-peer2");
        using var otherHandle = other.Namespace.OpenHandle();
        ns.Netlink.Links.Create(new VethLinkSpec { Name = "inside", PeerName = "outside", PeerNamespace = otherHandle });
        int outsideIndex = other.Netlink.Links.Get("outside").Index;

        var result = TapyardCli.Run("host", "links", "--netns", ns.Name, "--kind", "veth", "-o", "name,lower", "--no-headers");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"inside @if{outsideIndex}\n", result.Output);
    }

    [Fact]
    public void Unknown_namespace_is_one_clear_line_and_exit_1()
    {
        Root.Require();
        string missing = $"ty-cli-missing-{Guid.NewGuid().ToString("N")[..8]}";

        var result = TapyardCli.Run("host", "links", "--netns", missing);

        Assert.Equal(ExitCodes.OperationFailed, result.ExitCode);
        Assert.Equal($"tapyard host links: network namespace {missing} does not exist (no /run/netns/{missing}); create it first\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Bad_output_format_is_a_usage_error()
    {
        var result = TapyardCli.Run("host", "links", "--output", "yaml");
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--output must be one of table, json", result.Error);
    }
}
