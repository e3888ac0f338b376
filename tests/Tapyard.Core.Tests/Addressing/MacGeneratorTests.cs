using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;
using Tapyard.Linux.Links;

namespace Tapyard.Core.Tests.Addressing;

public sealed class MacGeneratorTests
{
    private static readonly MacPrefix Prefix = MacPrefix.Parse("aa:00:00");

    [Fact]
    public void Keeps_the_prefix_and_gives_a_valid_unicast_mac()
    {
        var random = new Random(1);
        for (int i = 0; i < 1000; i++)
        {
            string mac = MacGenerator.Generate(Prefix, _ => false, random);
            Assert.StartsWith("aa:00:00:", mac);
            Assert.Equal(mac, MacAddress.Parse(mac).ToString());
        }
    }

    [Fact]
    public void Never_returns_a_taken_mac()
    {
        var taken = new HashSet<string>();
        var random = new Random(2);
        for (int i = 0; i < 20_000; i++)
            Assert.True(taken.Add(MacGenerator.Generate(Prefix, taken.Contains, random)));
        Assert.Equal(20_000, taken.Count);
    }

    [Fact]
    public void Finds_the_last_free_mac_of_a_full_prefix()
    {
        const string last = "aa:00:00:12:34:56";
        Assert.Equal(last, MacGenerator.Generate(Prefix, mac => mac != last, new Random(3)));
    }

    /// <summary>Also checks, on prefix 00:00:00, that the all-zero address is never offered (one 2^24 pass serves both).</summary>
    [Fact]
    public void An_exhausted_prefix_is_an_error_naming_the_prefix_and_the_fix()
    {
        var zero = MacPrefix.Parse("00:00:00");
        bool offeredZero = false;
        var error = Assert.Throws<TapyardException>(() => MacGenerator.Generate(zero, mac =>
        {
            offeredZero |= mac == "00:00:00:00:00:00";
            return true;
        }, new Random(4)));
        Assert.Equal("every MAC under prefix 00:00:00 is taken; give the network its own --mac-prefix or remove unused NICs", error.Message);
        Assert.False(offeredZero);
    }
}
