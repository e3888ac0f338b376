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
        int first = Random.Shared.Next(100_000, 1_000_000);

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
        int first = Random.Shared.Next(100_000, 1_000_000);
        var specs = Macvtaps(40, first);
        specs[35] = new MacvlanLinkSpec { Name = "mt0", Lower = "up0", Index = first + 35 }; // name already used by the first

        var e = Assert.ThrowsAny<TapyardLinuxException>(() => links.CreateMany(specs));

        Assert.Equal(LinuxErrno.EEXIST, e.Errno);
        Assert.Contains("none of the 40 links were kept", e.Message);
        Assert.Equal(0, MacvtapCount(ns.Name));
    }

    [Fact]
    public void Links_that_want_no_ipv6_address_come_up_without_one()
    {
        using var ns = TestNamespace.Create("manyaddr");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "up0", PeerName = "up0p", Up = true });
        int first = Random.Shared.Next(100_000, 1_000_000);
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
}
