using System.Text.RegularExpressions;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Tests.Commands;

[Trait("Category", "Kernel")]
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_shows_a_macvtap_in_every_mode_and_removes_its_namespace()
    {
        Root.Require();

        var result = TapyardCli.Run("demo");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string mode in new[] { "bridge", "vepa", "private", "passthru" })
            Assert.Matches($@"mvt-{mode} +\d+ macvtap {mode} ", result.Output);
        Assert.Contains("refused as expected", result.Output);
        string ns = Regex.Match(result.Output, @"create lab namespace (\S+)").Groups[1].Value;
        Assert.StartsWith("ty-demo-", ns);
        Assert.False(NetworkNamespace.Exists(ns), $"demo left namespace {ns} behind");
    }
}
