using Tapyard.Linux.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Linux.Tests.Links;

/// <summary>
/// How CreateMany pairs specs with created links. Kernels before 6.3 send no echo for RTM_NEWLINK
/// (this one does), so the fallback is fed here with fewer echoes than specs.
/// </summary>
public sealed class CreateMatchingTests
{
    private static readonly LinkSpec[] Specs =
    [
        new MacvlanLinkSpec { Name = "a", Lower = "up0" },
        new MacvlanLinkSpec { Name = "b", Lower = "up0" },
        new MacvlanLinkSpec { Name = "c", Lower = "up0" },
        new MacvlanLinkSpec { Name = "d", Lower = "up0" },
    ];

    private static LinkInfo Link(string name, int index) => new() { Name = name, Index = index };

    private static IReadOnlyList<LinkInfo> NoReadBack(IReadOnlyList<string> names) =>
        throw new Xunit.Sdk.XunitException($"nothing should be read back, asked for {string.Join(",", names)}");

    [Fact]
    public void Echoes_are_matched_by_name_not_by_arrival_order()
    {
        var matched = LinkOperations.MatchCreated(Specs, [Link("c", 3), Link("a", 1), Link("d", 4), Link("b", 2)], NoReadBack);

        Assert.Equal(["a", "b", "c", "d"], matched.Select(l => l.Name));
        Assert.Equal([1, 2, 3, 4], matched.Select(l => l.Index));
    }

    [Fact]
    public void Without_echoes_every_link_is_read_back_by_name_in_one_call()
    {
        var calls = new List<IReadOnlyList<string>>();

        var matched = LinkOperations.MatchCreated(Specs, [], names =>
        {
            calls.Add(names);
            return names.Select((name, i) => Link(name, 10 + i)).Reverse().ToList();
        });

        Assert.Equal(["a", "b", "c", "d"], Assert.Single(calls));
        Assert.Equal(["a", "b", "c", "d"], matched.Select(l => l.Name));
        Assert.Equal([10, 11, 12, 13], matched.Select(l => l.Index));
    }

    [Fact]
    public void Only_the_links_without_an_echo_are_read_back()
    {
        IReadOnlyList<string>? asked = null;

        var matched = LinkOperations.MatchCreated(Specs, [Link("b", 2), Link("d", 4)], names =>
        {
            asked = names;
            return [Link("c", 3), Link("a", 1)];
        });

        Assert.Equal(["a", "c"], asked);
        Assert.Equal([1, 2, 3, 4], matched.Select(l => l.Index));
    }

    [Fact]
    public void A_link_that_can_be_neither_matched_nor_read_is_an_error_not_a_short_list()
    {
        var e = Assert.Throws<TapyardLinuxException>(() =>
            LinkOperations.MatchCreated(Specs, [Link("a", 1)], _ => [Link("b", 2)]));

        Assert.Equal("the kernel created c and d but they could not be read back (deleted or renamed meanwhile?)", e.Message);
    }

    [Fact]
    public void Echoes_of_other_links_are_ignored()
    {
        var matched = LinkOperations.MatchCreated(Specs[..1], [Link("a-peer", 7), Link("a", 1)], NoReadBack);

        Assert.Equal(1, Assert.Single(matched).Index);
    }
}
