using System.Text.RegularExpressions;
using Tapyard.Cli.Tests.Support;
using Tapyard.Lab;
using Tapyard.Linux.Namespaces;
using Xunit.Abstractions;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>
/// The README's main job, end to end, as its own process: three real guests, the ping matrix, a live
/// migration, and a cleanup that leaves no namespace, instance or NIC record behind.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class DemoCommandTests(ITestOutputHelper log)
{
    [Fact]
    public void Demo_boots_three_guests_that_reach_each_other_migrates_one_and_leaves_nothing()
    {
        Root.Require();
        using var state = new TempStateDirectory();
        using var run = new TempDirectory("ty-demo-run");
        string lab = $"tyd{Guid.NewGuid().ToString("N")[..6]}";

        var result = TapyardProcess.RunRaw(["--state-dir", state.Path, "demo", "--lab", lab],
            new Dictionary<string, string> { ["TAPYARD_RUN_DIR"] = run.Path, ["TAPYARD_CACHE_DIR"] = RepoRoot.CacheDirectory },
            TimeSpan.FromMinutes(10));
        log.WriteLine(result.Output);
        log.WriteLine(result.Error);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (int guest in new[] { 1, 2, 3 })
            Assert.Matches($@"{lab}-g{guest} on {lab}-n[12] is up at 198\.51\.100\.\d+", result.Output);
        Assert.DoesNotContain("LOST", result.Output);
        // Two matrices (before and after the migration): 3 guests x 3 targets + the outside host's 3.
        Assert.Equal(2 * (3 * 3 + 3), Regex.Matches(result.Output, @"ok [12]/2").Count);
        var migration = Regex.Match(result.Output, @"migration took [\d.]+ s; pings: (\d+) sent, (\d+) answered");
        Assert.True(migration.Success, "no migration summary");
        Assert.True(int.Parse(migration.Groups[2].Value) > 0, "the moved guest never answered during the migration");
        Assert.Contains("nothing is left behind", result.Output);
        Assert.All(LabLayout.Create(lab, 2).Namespaces, ns => Assert.False(NetworkNamespace.Exists(ns), $"demo left namespace {ns}"));
        Assert.DoesNotContain($"{lab}-g", File.ReadAllText(state.ConfigPath));
        string nics = Path.Combine(run.Path, "nics");
        Assert.True(!Directory.Exists(nics) || Directory.GetFiles(nics, "*.json", SearchOption.AllDirectories).Length == 0, "NIC records left behind");
    }
}
