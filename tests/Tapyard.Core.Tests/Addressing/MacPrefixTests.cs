using Tapyard.Core.Addressing;
using Tapyard.Core.Errors;

namespace Tapyard.Core.Tests.Addressing;

public sealed class MacPrefixTests
{
    [Theory]
    [InlineData("aa:00:00", "aa:00:00")]
    [InlineData("AA:BB:0C", "aa:bb:0c")]
    [InlineData("52:54:00", "52:54:00")]
    [InlineData("00:00:00", "00:00:00")]
    public void Parses_and_prints_lower_case(string text, string printed)
    {
        Assert.Equal(printed, MacPrefix.Parse(text).ToString());
        Assert.Equal(MacPrefix.Parse(printed), MacPrefix.Parse(text));
    }

    [Theory]
    [InlineData("aa:00", "MAC prefix 'aa:00' has 2 octet(s), not 3")]
    [InlineData("aa:00:00:00", "MAC prefix 'aa:00:00:00' has 4 octet(s), not 3")]
    [InlineData("aa-00-00", "MAC prefix 'aa-00-00' has 1 octet(s), not 3")]
    [InlineData("aa:zz:00", "MAC prefix 'aa:zz:00': 'zz' is not a two-digit hex octet")]
    [InlineData("aa:0:00", "MAC prefix 'aa:0:00': '0' is not a two-digit hex octet")]
    [InlineData("aa:000:00", "MAC prefix 'aa:000:00': '000' is not a two-digit hex octet")]
    [InlineData("aa::00", "MAC prefix 'aa::00': '' is not a two-digit hex octet")]
    [InlineData("01:00:00", "MAC prefix '01:00:00' is multicast (its first octet 01 is odd), so no device could use its MACs")]
    [InlineData("ff:ff:ff", "MAC prefix 'ff:ff:ff' is multicast (its first octet ff is odd), so no device could use its MACs")]
    [InlineData("", "the MAC prefix is empty")]
    public void Bad_prefixes_are_refused_naming_the_text_and_the_fix(string text, string problem)
    {
        var error = Assert.Throws<TapyardException>(() => MacPrefix.Parse(text));
        Assert.Equal($"{problem}; give three hex octets with an even first octet, e.g. aa:00:00", error.Message);
        Assert.False(MacPrefix.TryParse(text, out _, out _));
    }
}
