using System.Diagnostics;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

[Trait("Category", "Kernel")]
public sealed class DeleteTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Delete_by_name_and_by_index()
    {
        using var ns = TestNamespace.Create("delete");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        links.Create(new MacvlanLinkSpec { Name = "vtap0", Lower = "up0" });
        var vtap1 = links.Create(new MacvlanLinkSpec { Name = "vtap1", Lower = "up0" });

        links.Delete("vtap0");
        links.Delete(vtap1.Index);

        Assert.Equal(["lo", "up0", "up0p"], IpLinks.Names(ns.Name).Order());
        var e = Assert.Throws<LinkNotFoundException>(() => links.Delete("vtap0"));
        Assert.Equal("device vtap0 does not exist", e.Message);
    }

    [Fact]
    public void DeleteMany_removes_exactly_the_given_links()
    {
        using var ns = TestNamespace.Create("bulk");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        links.Create(new VethLinkSpec { Name = "up1", PeerName = "up1p" });
        links.Create(new BridgeLinkSpec { Name = "br0" });
        links.Create(new MacvlanLinkSpec { Name = "keep0", Lower = "up0" });                // default group 0, same lower
        links.Create(new MacvlanLinkSpec { Name = "keep5", Lower = "up0", Group = 5 });     // another group
        var doomed = Enumerable.Range(0, 50)
            .Select(i => links.Create(new MacvlanLinkSpec { Name = $"vt{i}", Lower = "up0", Mode = MacvlanMode.Bridge }).Index)
            .ToList();
        var gone = links.Create(new MacvlanLinkSpec { Name = "gone", Lower = "up0" }).Index;
        links.Delete(gone);
        var survivors = IpLinks.Names(ns.Name).Where(name => !name.StartsWith("vt")).Order().ToList();

        // A link that no longer exists, and an index never used, are skipped rather than fatal.
        links.DeleteMany([.. doomed, gone, 999_999]);

        var after = IpLinks.All(ns.Name);
        Assert.Equal(survivors, after.Select(l => l.String("ifname")).Order());
        Assert.DoesNotContain(after, l => l.String("ifname").StartsWith("vt"));
        Assert.Equal("5", after.Single(l => l.String("ifname") == "keep5").String("group"));
        Assert.All(after.Where(l => l.String("ifname") != "keep5"), l => Assert.Equal("default", l.String("group")));
    }

    /// <summary>
    /// The point of DeleteMany: the kernel's RCU wait is paid once for the batch, not per device
    /// (PLATFORM.md: ~16 ms per one-by-one delete). Fifty in bulk must beat ten one by one.
    /// </summary>
    [Fact]
    public void DeleteMany_pays_the_unregister_wait_once()
    {
        using var ns = TestNamespace.Create("bulktime");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        var single = Enumerable.Range(0, 10).Select(i => links.Create(new MacvlanLinkSpec { Name = $"s{i}", Lower = "up0" }).Index).ToList();
        var bulk = Enumerable.Range(0, 50).Select(i => links.Create(new MacvlanLinkSpec { Name = $"b{i}", Lower = "up0" }).Index).ToList();

        var oneByOne = Stopwatch.StartNew();
        foreach (int index in single)
            links.Delete(index);
        oneByOne.Stop();
        var together = Stopwatch.StartNew();
        links.DeleteMany(bulk);
        together.Stop();

        output.WriteLine($"bulk 50: {together.Elapsed.TotalMilliseconds:F1} ms; one by one 10: {oneByOne.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal(["lo", "up0", "up0p"], IpLinks.Names(ns.Name).Order());
        Assert.True(together.Elapsed < oneByOne.Elapsed,
            $"50 links in bulk took {together.Elapsed.TotalMilliseconds:F1} ms, 10 one by one {oneByOne.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void DeleteGroup_removes_the_group_and_reports_an_empty_one()
    {
        using var ns = TestNamespace.Create("delgroup");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        for (int i = 0; i < 5; i++)
            links.Create(new MacvlanLinkSpec { Name = $"g{i}", Lower = "up0", Group = 700 });
        links.Create(new MacvlanLinkSpec { Name = "other", Lower = "up0", Group = 701 });

        Assert.True(links.DeleteGroup(700));
        Assert.False(links.DeleteGroup(700));

        Assert.Equal(["lo", "other", "up0", "up0p"], IpLinks.Names(ns.Name).Order());
        var e = Assert.Throws<TapyardLinuxException>(() => links.DeleteGroup(0));
        Assert.Equal("refusing to delete device group 0: it holds every device not given a group", e.Message);
    }
}
