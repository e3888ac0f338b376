using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;
using Tapyard.Linux.Tests.Support;

namespace Tapyard.Linux.Tests.Links;

[Trait("Category", "Kernel")]
public sealed class DeleteManyFailureTests
{
    private static Dictionary<string, string> Groups(string ns) =>
        IpLinks.All(ns).ToDictionary(link => link.String("ifname"), link => link.String("group"));

    [Fact]
    public void A_device_without_a_kind_is_refused_before_anything_changes()
    {
        using var ns = TestNamespace.Create("delkindless");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        var vt0 = links.Create(new MacvlanLinkSpec { Name = "vt0", Lower = "up0" });
        var vt1 = links.Create(new MacvlanLinkSpec { Name = "vt1", Lower = "up0", Group = 5 });
        var lo = links.Get("lo");
        var before = Groups(ns.Name);

        var e = Assert.Throws<TapyardLinuxException>(() => links.DeleteMany([vt0.Index, lo.Index, vt1.Index]));

        Assert.Equal(
            "cannot delete lo: the kernel deletes only devices made by a link kind, not loopback or physical devices; nothing was deleted",
            e.Message);
        Assert.Equal(LinuxErrno.EOPNOTSUPP, e.Errno);
        Assert.Equal(before, Groups(ns.Name));
        Assert.Equal("5", before["vt1"]);
    }

    [Fact]
    public void A_refused_group_delete_puts_every_device_back_in_its_group()
    {
        using var ns = TestNamespace.Create("delrestore");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p" });
        var indexes = new List<int>
        {
            links.Create(new MacvlanLinkSpec { Name = "vt0", Lower = "up0" }).Index,
            links.Create(new MacvlanLinkSpec { Name = "vt1", Lower = "up0", Group = 5 }).Index,
            links.Create(new MacvlanLinkSpec { Name = "vt2", Lower = "up0", Group = 77 }).Index,
        };
        var before = Groups(ns.Name);
        string? hiddenGroup = null;
        links.BeforeGroupDelete = group =>
        {
            // The moves really happened: the kernel shows the devices in the deletion group.
            hiddenGroup = group.ToString();
            Assert.All(new[] { "vt0", "vt1", "vt2" }, name => Assert.Equal(hiddenGroup, Groups(ns.Name)[name]));
            throw new NetlinkException("test: deleting the group", LinuxErrno.EOPNOTSUPP, null);
        };

        var e = Assert.Throws<TapyardLinuxException>(() => links.DeleteMany(indexes));

        Assert.NotNull(hiddenGroup);
        Assert.Equal(
            "deleting vt0, vt1 and vt2: the kernel cannot delete one of them (a kind without delete support); delete that one on its own terms; nothing was deleted and every device is back in its own group",
            e.Message);
        Assert.Equal(before, Groups(ns.Name));
        links.BeforeGroupDelete = null;
        links.DeleteMany(indexes);
        Assert.Equal(["lo", "up0", "up0p"], IpLinks.Names(ns.Name).Order());
    }

    [Fact]
    public void Deleting_lo_alone_says_why_it_cannot_be()
    {
        using var ns = TestNamespace.Create("dello");
        var links = ns.Netlink.Links;

        var e = Assert.Throws<TapyardLinuxException>(() => links.DeleteMany([links.Get("lo").Index]));

        Assert.StartsWith("cannot delete device with index 1: the kernel deletes only devices made by a link kind", e.Message);
    }
}
