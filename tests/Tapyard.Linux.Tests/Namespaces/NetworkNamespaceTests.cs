using System.Text.Json;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Namespaces;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Namespaces;

[Trait("Category", "Kernel")]
public sealed class NetworkNamespaceTests
{
    [Fact]
    public void Created_namespace_is_seen_by_iproute2_and_gone_after_delete()
    {
        Root.Require();
        string name = $"ty-ns-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            using (NetworkNamespace.Create(name))
            {
                using var doc = JsonDocument.Parse(Ip.Run("-j", "netns", "list"));
                Assert.Contains(doc.RootElement.EnumerateArray(), n => n.GetProperty("name").GetString() == name);
                Assert.Contains(name, NetworkNamespace.List());
                // A fresh namespace holds only its loopback, as iproute2 sees it from inside.
                using var links = JsonDocument.Parse(Ip.Run("-n", name, "-j", "link", "show"));
                Assert.Equal(["lo"], links.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()));
            }
        }
        finally
        {
            if (NetworkNamespace.Exists(name))
                NetworkNamespace.Delete(name);
        }
        Assert.False(NetworkNamespace.Exists(name));
        Assert.DoesNotContain(name, Ip.Run("netns", "list"));
    }

    [Fact]
    public void Creating_an_existing_namespace_fails_clearly_and_leaves_it_alone()
    {
        using var ns = TestNamespace.Create("dup");
        ns.Netlink.Links.Create(new VethLinkSpec { Name = "keep0", PeerName = "keep1" });
        var error = Assert.Throws<TapyardLinuxException>(() => NetworkNamespace.Create(ns.Name));
        Assert.Contains($"network namespace {ns.Name} already exists", error.Message);
        Assert.True(Ip.LinkExists(ns.Name, "keep0"));
    }

    [Fact]
    public void Opening_or_deleting_a_missing_namespace_names_it()
    {
        Root.Require();
        var open = Assert.Throws<NamespaceNotFoundException>(() => NetworkNamespace.Open("ty-no-such-ns"));
        Assert.Contains("ty-no-such-ns does not exist", open.Message);
        Assert.Throws<NamespaceNotFoundException>(() => NetworkNamespace.Delete("ty-no-such-ns"));
    }

    [Fact]
    public void Work_runs_inside_the_namespace_while_the_process_stays_in_the_host()
    {
        using var ns = TestNamespace.Create("enter");
        ns.Netlink.Links.Create(new VethLinkSpec { Name = "inside0", PeerName = "inside1" });
        string hostNet = new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
        string threadNet = ns.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!);
        Assert.NotEqual(hostNet, threadNet);
        Assert.Equal(hostNet, new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        // The namespace thread sees the namespace's devices in its own sysfs...
        Assert.True(ns.Namespace.Run(() => Directory.Exists("/sys/class/net/inside0")));
        // ...and the host's sysfs is untouched by that private remount.
        Assert.False(Directory.Exists("/sys/class/net/inside0"));
        Assert.True(Directory.Exists("/sys/class/net/lo"));
    }

    [Fact]
    public void A_link_moves_between_namespaces()
    {
        using var a = TestNamespace.Create("mva");
        using var b = TestNamespace.Create("mvb");
        a.Netlink.Links.Create(new VethLinkSpec { Name = "mover0", PeerName = "stayer0" });
        using (var target = b.Namespace.OpenHandle())
            a.Netlink.Links.Change("mover0", new LinkChange { Namespace = target });
        Assert.False(Ip.LinkExists(a.Name, "mover0"));
        Assert.True(Ip.LinkExists(b.Name, "mover0"));
        var moved = b.Netlink.Links.Get("mover0");
        Assert.Equal(LinkKinds.Veth, moved.Kind);
        Assert.NotNull(moved.LowerNamespaceId); // its peer now lives in another namespace
    }

    [Fact]
    public void A_veth_peer_is_created_straight_into_another_namespace()
    {
        using var node = TestNamespace.Create("node");
        using var sw = TestNamespace.Create("switch");
        using (var target = sw.Namespace.OpenHandle())
            node.Netlink.Links.Create(new VethLinkSpec { Name = "uplink", PeerName = "port1", PeerNamespace = target });
        Assert.True(Ip.LinkExists(node.Name, "uplink"));
        Assert.False(Ip.LinkExists(node.Name, "port1"));
        Assert.True(Ip.LinkExists(sw.Name, "port1"));
    }
}
