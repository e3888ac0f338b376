using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using Tapyard.Core.Errors;
using Tapyard.Core.Store;
using Tapyard.Lab;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Tests.Lab;

/// <summary>The lab against the real kernel, with iproute2 as the independent witness of what was built.</summary>
[Trait("Category", "Kernel")]
public sealed class LabTests
{
    [Fact]
    public void Up_builds_exactly_the_promised_world()
    {
        using var world = new LabWorld();
        var layout = world.Layout(3);

        Assert.True(world.Lab.Up(world.Name, 3));

        Assert.Equal([.. layout.Namespaces.Order(StringComparer.Ordinal)], world.Namespaces().Order(StringComparer.Ordinal));
        // The switch: lo, br0 (a bridge, up, no IPv6 link-local), one port per node with hairpin on, and the outside port.
        Assert.Equal(["br0", "lo", "n1", "n2", "n3", "outside"], LinkNames(layout.SwitchNamespace));
        var bridge = Ip.Link(layout.SwitchNamespace, "br0");
        Assert.Equal("bridge", bridge.Get("linkinfo", "info_kind")?.GetString());
        Assert.True(IsUp(bridge));
        Assert.Equal("none", bridge.Get("inet6_addr_gen_mode")?.GetString());
        foreach (var (port, hairpin) in new[] { ("n1", true), ("n2", true), ("n3", true), ("outside", false) })
        {
            var link = Ip.Link(layout.SwitchNamespace, port);
            Assert.Equal("veth", link.Get("linkinfo", "info_kind")?.GetString());
            Assert.Equal("br0", link.Get("master")?.GetString());
            Assert.True(IsUp(link), port);
            Assert.Equal(hairpin, link.Get("linkinfo", "info_slave_data", "hairpin")?.GetBoolean());
        }
        // Each node and the outside host: lo and eth0 (veth, up); node k at its primary IP 192.0.2.k/24, outside at 198.51.100.1/24.
        foreach (string ns in layout.NodeNumbers.Select(layout.NodeNamespace).Append(layout.OutsideNamespace))
        {
            Assert.Equal(["eth0", "lo"], LinkNames(ns));
            Assert.True(IsUp(Ip.Link(ns, "lo")), ns);
            var uplink = Ip.Link(ns, "eth0");
            Assert.Equal("veth", uplink.Get("linkinfo", "info_kind")?.GetString());
            Assert.True(IsUp(uplink), ns);
            Assert.Equal(ns == layout.OutsideNamespace ? ["198.51.100.1/24"] : [$"192.0.2.{ns[(layout.Name.Length + 2)..]}/24"], Ipv4Addresses(ns, "eth0"));
        }
        // The nodes, registered in a cluster the lab initialized.
        var config = world.Config()!;
        Assert.Equal(layout.NodeNames, config.Nodes.Keys.Order(StringComparer.Ordinal));
        Assert.All(config.Nodes.Values, node => Assert.Equal(node.Name, node.Netns));
        Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.3"], layout.NodeNumbers.Select(k => config.Nodes[layout.NodeName(k)].PrimaryIp));
        Assert.All(config.Nodes.Values, node => Assert.Equal(config.Groups["default"].Uuid, node.GroupUuid));
        Assert.Contains(world.Progress, line => line.Contains("initialized", StringComparison.Ordinal));
        Assert.Equal(LabState.Complete, world.Lab.Status(world.Name).State);
    }

    [Fact]
    public void The_outside_host_answers_a_ping_from_a_node()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, null);
        var layout = world.Layout();
        // A test address, only inside this test's node namespace.
        Ip.Run("-n", layout.NodeNamespace(2), "addr", "add", "198.51.100.12/24", "dev", "eth0");

        using var node = NetworkNamespace.Open(layout.NodeNamespace(2));
        // The ICMP socket is made on the namespace's thread, so the echo leaves by the node's eth0.
        var reply = node.Run(() => new Ping().Send(LabLayout.OutsideAddress, 5000));

        Assert.Equal(IPStatus.Success, reply.Status);
    }

    [Fact]
    public void Nodes_reach_each_other_on_their_primary_ips()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, 2);
        var layout = world.Layout();

        using var node1 = NetworkNamespace.Open(layout.NodeNamespace(1));
        var reply = node1.Run(() => new Ping().Send(LabLayout.NodeAddress(2), 5000));

        Assert.Equal(IPStatus.Success, reply.Status);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), LabLayout.NodeAddress(2));
    }

    [Fact]
    public void A_node_without_its_primary_ip_makes_the_lab_half_built()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, 1);
        var layout = world.Layout(1);
        Ip.Run("-n", layout.NodeNamespace(1), "addr", "del", "192.0.2.1/24", "dev", "eth0");

        var status = world.Lab.Status(world.Name);

        Assert.Equal(LabState.HalfBuilt, status.State);
        Assert.Equal([$"address 192.0.2.1/24 on eth0 in {layout.NodeNamespace(1)}"], status.Missing);
    }

    [Fact]
    public void Status_describes_a_complete_lab()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, 1);

        var status = world.Lab.Status(world.Name);

        Assert.Equal(LabState.Complete, status.State);
        Assert.True(status.Recorded);
        Assert.Equal(1, status.Nodes);
        Assert.Empty(status.Missing);
        Assert.Equal(["node", "outside", "switch"], status.Namespaces.Select(ns => ns.Role));
        var outside = status.Namespaces.Single(ns => ns.Role == "outside").Links.Single(l => l.Name == "eth0");
        Assert.Equal(["198.51.100.1/24"], outside.Addresses);
        var port = status.Namespaces.Single(ns => ns.Role == "switch").Links.Single(l => l.Name == "n1");
        Assert.Equal(("veth", "br0", true, true), (port.Kind, port.Master, port.Up, port.Hairpin));
        Assert.Equal([(world.Name + "-n1", true, "192.0.2.1")], status.RegisteredNodes.Select(n => (n.Netns, n.InConfig, n.PrimaryIp)));
        var uplink = status.Namespaces.Single(ns => ns.Role == "node").Links.Single(l => l.Name == "eth0");
        Assert.Equal(["192.0.2.1/24"], uplink.Addresses);
    }

    [Fact]
    public void Up_again_changes_nothing()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, null);
        var layout = world.Layout();
        int bridgeIndex = Ip.Link(layout.SwitchNamespace, "br0").GetProperty("ifindex").GetInt32();
        byte[] config = world.State.ConfigBytes();

        Assert.False(world.Lab.Up(world.Name, null));
        Assert.False(world.Lab.Up(world.Name, 2));

        Assert.Equal(bridgeIndex, Ip.Link(layout.SwitchNamespace, "br0").GetProperty("ifindex").GetInt32());
        Assert.Equal(config, world.State.ConfigBytes());
        Assert.Contains(world.Progress, line => line.Contains("already exists", StringComparison.Ordinal));
        var resized = Assert.Throws<TapyardException>(() => world.Lab.Up(world.Name, 3));
        Assert.Contains("lab down", resized.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_built_lab_is_reported_refused_and_removed_by_down()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, null);
        var layout = world.Layout();
        Ip.Run("netns", "delete", layout.NodeNamespace(2));

        var status = world.Lab.Status(world.Name);
        Assert.Equal(LabState.HalfBuilt, status.State);
        Assert.Contains($"namespace {layout.NodeNamespace(2)}", status.Missing);
        var refused = Assert.Throws<TapyardException>(() => world.Lab.Up(world.Name, null));
        Assert.Contains("half-built", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"namespace {layout.NodeNamespace(2)}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"tapyard lab down --name {world.Name}", refused.Message, StringComparison.Ordinal);

        Assert.True(world.Lab.Down(world.Name));

        Assert.Empty(world.Namespaces());
        Assert.Empty(world.Config()!.Nodes);
        Assert.Equal(LabState.Absent, world.Lab.Status(world.Name).State);
    }

    [Fact]
    public void Down_removes_everything_it_made_and_only_that()
    {
        using var world = new LabWorld();
        // A node of the user's own, which the lab must leave alone.
        world.State.Ok("cluster", "init");
        world.State.Ok("node", "add", "mine");
        world.Lab.Up(world.Name, null);
        Assert.DoesNotContain(world.Progress, line => line.Contains("initialized", StringComparison.Ordinal));

        Assert.True(world.Lab.Down(world.Name));

        Assert.Empty(world.Namespaces());
        Assert.Equal(["mine"], world.Config()!.Nodes.Keys);
        Assert.False(File.Exists(Path.Combine(world.State.Path, "lab", $"{world.Name}.json")));
        Assert.False(world.Lab.Down(world.Name));
    }

    [Fact]
    public void Down_stops_a_libvirtd_running_in_a_lab_node()
    {
        using var run = new TempDirectory("labrun");
        using var world = new LabWorld(run.Path);
        world.Lab.Up(world.Name, 1);
        var layout = world.Layout(1);
        string directory = RuntimeDirectory.LibvirtDaemonOf(run.Path, layout.NodeName(1));
        int pid;
        using (var started = Tapyard.Lab.Libvirt.PrivateLibvirtd.Start(directory, layout.NodeNamespace(1)))
        {
            pid = started.Pid;
            Assert.True(world.Lab.Down(world.Name));
        }

        Assert.Null(Tapyard.Lab.Libvirt.PrivateLibvirtd.Attach(directory));
        Assert.DoesNotContain(System.Diagnostics.Process.GetProcesses(), p => p.Id == pid && p.ProcessName == "libvirtd");
        Assert.Contains($"stopping the libvirtd of node {layout.NodeName(1)} (pid {pid})", world.Progress);
        Assert.Empty(world.Namespaces());
    }

    [Fact]
    public void Down_refuses_while_an_instance_uses_a_lab_node_and_removes_nothing()
    {
        using var world = new LabWorld();
        world.Lab.Up(world.Name, null);
        var layout = world.Layout();
        world.State.Ok("instance", "add", "--node", layout.NodeName(1), "--net", "0:mode=bridged,link=br0", "guest1");

        var refused = Assert.Throws<TapyardException>(() => world.Lab.Down(world.Name));

        Assert.Contains($"guest1 on {layout.NodeName(1)}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(layout.Namespaces.Count, world.Namespaces().Count);
        Assert.Equal(layout.NodeNames, world.Config()!.Nodes.Keys.Order(StringComparer.Ordinal));
        world.State.Ok("instance", "remove", "guest1");
        Assert.True(world.Lab.Down(world.Name));
        Assert.Empty(world.Namespaces());
    }

    [Fact]
    public void Up_refuses_a_taken_node_name_before_touching_the_kernel()
    {
        using var world = new LabWorld();
        world.State.Ok("cluster", "init");
        world.State.Ok("node", "add", world.Layout().NodeName(2));

        var refused = Assert.Throws<TapyardException>(() => world.Lab.Up(world.Name, null));

        Assert.Contains(world.Layout().NodeName(2), refused.Message, StringComparison.Ordinal);
        Assert.Empty(world.Namespaces());
        Assert.Equal(LabState.Absent, world.Lab.Status(world.Name).State);
    }

    [Fact]
    public void A_failure_after_the_namespaces_were_made_removes_them_again()
    {
        using var world = new LabWorld();
        // Registration needs node group default; without it the build succeeds and the commit fails.
        world.State.Ok("cluster", "init");
        world.State.Ok("group", "remove", "default");

        var failed = Assert.Throws<UnknownObjectException>(() => world.Lab.Up(world.Name, null));

        Assert.Contains("default", failed.Message, StringComparison.Ordinal);
        Assert.Contains(world.Progress, line => line.Contains("removing what it made", StringComparison.Ordinal));
        Assert.Empty(world.Namespaces());
        Assert.Empty(world.Config()!.Nodes);
        Assert.Equal(LabState.Absent, world.Lab.Status(world.Name).State);
    }

    [Fact]
    public async Task Two_ups_at_once_build_one_lab()
    {
        using var world = new LabWorld();
        var other = new Tapyard.Lab.Lab(world.State.Path);

        bool[] built = await Task.WhenAll(Task.Run(() => world.Lab.Up(world.Name, null)), Task.Run(() => other.Up(world.Name, null)));

        Assert.Equal([false, true], built.Order());
        Assert.Equal(LabState.Complete, world.Lab.Status(world.Name).State);
        Assert.Equal(world.Layout().NodeNames, world.Config()!.Nodes.Keys.Order(StringComparer.Ordinal));
    }

    private static List<string> LinkNames(string ns)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", ns, "-j", "link", "show"));
        return doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsUp(JsonElement link) => link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");

    private static List<string> Ipv4Addresses(string ns, string device)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", ns, "-j", "-4", "addr", "show", "dev", device));
        return doc.RootElement.EnumerateArray()
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
            .ToList();
    }
}
