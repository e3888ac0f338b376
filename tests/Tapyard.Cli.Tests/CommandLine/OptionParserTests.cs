using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Tests.CommandLine;

public sealed class OptionParserTests
{
    private static readonly OptionSpec[] Options =
    [
        OptionSpec.Value("netns", "NS", "namespace", 'n'),
        OptionSpec.Value("net", "SPEC", "a NIC", 'N', repeatable: true),
        OptionSpec.Value("count", "N", "how many"),
        OptionSpec.Flag("json", "JSON please"),
        OptionSpec.Flag("force", "do it", 'f'),
    ];

    private static ParsedArguments Parse(params string[] tokens) => OptionParser.Parse(tokens, Options);

    [Fact]
    public void Long_option_takes_the_next_token_as_its_value()
    {
        var parsed = Parse("--netns", "lab1");
        Assert.Equal("lab1", parsed.Value("netns"));
    }

    [Fact]
    public void Long_option_takes_its_value_after_an_equals_sign()
    {
        var parsed = Parse("--netns=lab1", "--count=3");
        Assert.Equal("lab1", parsed.Value("netns"));
        Assert.Equal(3, parsed.Int("count", 0));
    }

    [Fact]
    public void A_value_may_itself_contain_equals_signs_and_commas()
    {
        var parsed = Parse("--net=0:network=n1,mac=generate", "-N", "1:mode=macvtap,link=eth1");
        Assert.Equal(["0:network=n1,mac=generate", "1:mode=macvtap,link=eth1"], parsed.Values("net"));
    }

    [Fact]
    public void Short_alias_takes_the_next_token_or_the_rest_of_its_own()
    {
        Assert.Equal("lab1", Parse("-n", "lab1").Value("netns"));
        Assert.Equal("lab1", Parse("-nlab1").Value("netns"));
        Assert.Equal("lab1", Parse("-n=lab1").Value("netns"));
    }

    [Fact]
    public void Repeatable_option_keeps_every_value_in_order()
    {
        var parsed = Parse("-N", "a", "--net", "b", "--net=c");
        Assert.Equal(["a", "b", "c"], parsed.Values("net"));
    }

    [Fact]
    public void Non_repeatable_option_given_twice_is_a_usage_error()
    {
        var e = Assert.Throws<UsageException>(() => Parse("--netns", "a", "-n", "b"));
        Assert.Contains("--netns", e.Message);
    }

    [Fact]
    public void Flags_are_present_or_absent_and_may_repeat()
    {
        var parsed = Parse("--json", "-f", "--json");
        Assert.True(parsed.Has("json"));
        Assert.True(parsed.Has("force"));
        Assert.False(Parse().Has("json"));
    }

    [Fact]
    public void Options_and_positionals_mix_in_any_order()
    {
        var parsed = Parse("first", "--netns", "lab1", "second", "--json", "third");
        Assert.Equal(["first", "second", "third"], parsed.Positionals);
        Assert.Equal("lab1", parsed.Value("netns"));
    }

    [Fact]
    public void Double_dash_ends_options()
    {
        var parsed = Parse("--json", "--", "--netns", "-x");
        Assert.Equal(["--netns", "-x"], parsed.Positionals);
        Assert.Null(parsed.Value("netns"));
    }

    [Fact]
    public void A_lone_dash_is_a_positional()
    {
        Assert.Equal(["-"], Parse("-").Positionals);
    }

    [Theory]
    [InlineData("--nope", "unknown option --nope")]
    [InlineData("-z", "unknown option -z")]
    [InlineData("--netns", "needs a value (NS)")]
    [InlineData("--json=yes", "takes no value")]
    [InlineData("-fx", "takes no value")]
    public void Bad_tokens_are_usage_errors_that_name_the_option(string token, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Parse(token));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("abc", "whole number")]
    [InlineData("0", "between 1 and 10")]
    [InlineData("11", "between 1 and 10")]
    public void Int_rejects_what_is_not_a_number_in_range(string text, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Parse("--count", text).Int("count", 5, 1, 10));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Int_falls_back_when_the_option_is_absent()
    {
        Assert.Equal(5, Parse().Int("count", 5, 1, 10));
    }

    [Fact]
    public void Asking_for_an_undeclared_option_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Parse().Value("nosuch"));
    }

    [Fact]
    public void Declaring_an_option_twice_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => OptionParser.Parse([], [OptionSpec.Flag("json", "a"), OptionSpec.Flag("json", "b")]));
        Assert.Throws<ArgumentException>(() => OptionParser.Parse([], [OptionSpec.Flag("one", "a", 'x'), OptionSpec.Flag("two", "b", 'x')]));
    }
}
