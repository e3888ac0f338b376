using System.Text.Json;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

[Trait("Category", "Kernel")]
public sealed class CreateManyTests
{
    private static List<LinkSpec> Macvtaps(int count, int firstIndex) =>
        Enumerable.Range(0, count)
            .Select(i => (LinkSpec)new MacvlanLinkSpec { Name = $"mt{i}", Lower = "up0", Index = firstIndex + i, Up = true })
            .ToList();

    private static int MacvtapCount(string ns)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", ns, "-d", "-j", "link", "show", "type", "macvtap"));
        return doc.RootElement.GetArrayLength();
    }

    [Fact]
    public void Creates_every_link_across_several_sends_in_spec_order()
    {
        using var ns = TestNamespace.Create("many");
        var links = ns.Netlink.Links;
        var lower = links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        int first = IfindexAllocator.Shared.PickBlock(70);

        var created = links.CreateMany(Macvtaps(70, first)); // more than one batch of 32

        Assert.Equal(Enumerable.Range(0, 70).Select(i => $"mt{i}"), created.Select(l => l.Name));
        Assert.Equal(Enumerable.Range(first, 70), created.Select(l => l.Index));
        Assert.All(created, l => Assert.Equal(lower.Index, l.LowerIndex));
        Assert.Equal(70, MacvtapCount(ns.Name));
        var read = Ip.Link(ns.Name, "mt69");
        Assert.Contains("UP", read.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public void A_refused_link_undoes_the_whole_call()
    {
        using var ns = TestNamespace.Create("manyfail");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        links.Create(new MacvlanLinkSpec { Name = "taken", Lower = "up0" });
        int first = IfindexAllocator.Shared.PickBlock(40);
        var specs = Macvtaps(40, first);
        specs[35] = new MacvlanLinkSpec { Name = "taken", Lower = "up0", Index = first + 35 }; // name used by a device this call did not make

        var e = Assert.Throws<LinkExistsException>(() => links.CreateMany(specs));

        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
        Assert.Equal("taken", e.Name);
        // The kernel went on with 36..39 after 35 failed: 39 were made, and deleted again.
        Assert.Equal(
            "device taken already exists; choose another name or delete it first; link 36 of 40 (taken) failed; none of the 40 links were kept (the 39 created were deleted again)",
            e.Message);
        // Only what this call made is gone: the device that held the name is untouched.
        Assert.Equal(["taken"], IpLinks.Names(ns.Name).Where(name => name.StartsWith("mt") || name == "taken"));
        Assert.Equal(1, MacvtapCount(ns.Name));
    }

    [Fact]
    public void Links_that_want_no_ipv6_address_come_up_without_one()
    {
        using var ns = TestNamespace.Create("manyaddr");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        int first = IfindexAllocator.Shared.PickBlock(40);
        var specs = Macvtaps(40, first).Select(s => s with { DisableIpv6AddressGeneration = true }).ToList();

        var created = links.CreateMany(specs); // more than one configuring batch

        Assert.All(created, l => Assert.True(l.IsUp, $"{l.Name} is not up"));
        Assert.All(created, l => Assert.Equal((byte)1, l.Ipv6AddressGenerationMode));
        foreach (string name in new[] { "mt0", "mt39" })
        {
            var read = Ip.Link(ns.Name, name);
            Assert.Contains("UP", read.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal("none", read.GetProperty("inet6_addr_gen_mode").GetString());
            using var addresses = JsonDocument.Parse(Ip.Run("-n", ns.Name, "-j", "-6", "addr", "show", "dev", name));
            // iproute2 lists a device only when it has addresses of the family asked for.
            Assert.DoesNotContain(addresses.RootElement.EnumerateArray(),
                d => d.TryGetProperty("addr_info", out var info) && info.GetArrayLength() > 0);
        }
    }

    [Fact]
    public void A_reply_that_fails_to_parse_mid_batch_undoes_the_whole_call()
    {
        using var ns = TestNamespace.Create("manyparse");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        int echoes = 0;
        links.EchoObserved = link =>
        {
            if (++echoes == 35)
                throw new NetlinkProtocolException($"test: echo of {link.Name} does not parse");
        };

        var e = Assert.Throws<NetlinkProtocolException>(() => links.CreateMany(Macvtaps(40, IfindexAllocator.Shared.PickBlock(40))));

        Assert.StartsWith("test: echo of mt34 does not parse; none of the 40 links were kept (the 40 created were deleted again)", e.Message);
        Assert.Equal(0, MacvtapCount(ns.Name));
        // The socket read every ACK of the broken batch: it still works.
        links.EchoObserved = null;
        Assert.Equal(2, links.CreateMany(Macvtaps(2, IfindexAllocator.Shared.PickBlock(2))).Count);
    }

    [Fact]
    public void A_failure_after_the_creates_undoes_the_whole_call()
    {
        using var ns = TestNamespace.Create("manyafter");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        var specs = Macvtaps(40, IfindexAllocator.Shared.PickBlock(40)).Select(s => s with { DisableIpv6AddressGeneration = true }).ToList();
        int echoes = 0;
        // Echoes of creates, then the configuring batch's GET replies: fail on one of the latter.
        links.EchoObserved = _ =>
        {
            if (++echoes == 41)
                throw new InvalidOperationException("test: fails while configuring");
        };

        Assert.Throws<InvalidOperationException>(() => links.CreateMany(specs));

        Assert.Equal(0, MacvtapCount(ns.Name));
    }

    [Fact]
    public void The_peer_namespace_fd_is_held_for_the_whole_call()
    {
        using var ns = TestNamespace.Create("manylease");
        using var other = TestNamespace.Create("manyleasepeer");
        var links = ns.Netlink.Links;
        var handle = other.Namespace.OpenHandle();
        handle.Dispose();
        var specs = new List<LinkSpec>
        {
            new VethLinkSpec { Name = "v0", PeerName = "v0p" },
            new VethLinkSpec { Name = "v1", PeerName = "v1p", PeerNamespace = handle },
        };

        // A closed fd is refused before any request: its number may already be someone else's.
        Assert.Throws<ObjectDisposedException>(() => links.CreateMany(specs));

        Assert.Equal(["lo"], IpLinks.Names(ns.Name));
        Assert.Equal(["lo"], IpLinks.Names(other.Name));
    }

    [Fact]
    public void Unique_indexes_are_picked_again_when_one_is_taken()
    {
        using var ns = TestNamespace.Create("manyunique");
        var links = ns.Netlink.Links;
        int taken = IfindexAllocator.Shared.Pick();
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true, Index = taken });
        int free = IfindexAllocator.Shared.PickBlock(3);
        var proposals = new Queue<int>([taken, free]);
        var allocator = new IfindexAllocator(_ => proposals.Dequeue(), _ => false);

        var created = links.CreateManyWithUniqueIndexes(Macvtaps(3, 0), allocator); // the first block meets up0's index

        Assert.Equal([free, free + 1, free + 2], created.Select(l => l.Index));
        Assert.Equal(3, MacvtapCount(ns.Name));
        Assert.Empty(proposals);
    }
}
