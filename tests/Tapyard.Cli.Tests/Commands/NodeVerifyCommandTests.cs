using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Linux.Links;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`tapyard node verify` end to end: a lab node's namespace, a config, a runtime directory.</summary>
[Trait("Category", "Kernel")]
public sealed class NodeVerifyCommandTests
{
    [Fact]
    public void Reports_anomalies_with_exit_1_fix_clears_the_orphans_and_a_clean_node_exits_0()
    {
        using var ns = TestNamespace.Create("cli-verify");
        using var state = new TempStateDirectory();
        string run = Path.Combine(state.Path, "run");
        var links = ns.Netlink.Links;
        links.Create(new VethLinkSpec { Name = "eth0", PeerName = "eth0p" });
        links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = "vtap7", Lower = "eth0" });
        links.CreateWithUniqueIndex(new MacvlanLinkSpec { Name = "guest0", Lower = "eth0" });
        Directory.CreateDirectory(Path.Combine(run, "nics", "lab1"));
        File.Create(Path.Combine(run, "nics", "lab1", "vtap8.json")).Dispose();
        // Left by a crash long ago: --fix leaves reservations younger than the grace period alone.
        File.SetLastWriteTimeUtc(Path.Combine(run, "nics", "lab1", "vtap8.json"), DateTime.UtcNow - global::Tapyard.Node.Verify.NodeVerifier.RecordGracePeriod * 2);
        CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", state.Path, .. args]);
        foreach (string[] step in new string[][]
        {
            ["cluster", "init"], ["node", "add", "--netns", ns.Name, "lab1"],
            ["network", "add", "--network", "10.9.0.0/24", "net0"], ["network", "connect", "-N", "mode=macvtap,link=eth0", "net0", "default"],
        })
            Assert.True(Tapyard(step).ExitCode == 0, string.Join(' ', step));

        var found = Tapyard("node", "verify", "--run-dir", run, "--output", "json");
        Assert.Equal(1, found.ExitCode);
        using (var json = JsonDocument.Parse(found.Output))
            Assert.Equal(["orphan_device vtap7", "empty_reservation vtap8"],
                json.RootElement.EnumerateArray().Select(f => $"{f.GetProperty("kind").GetString()} {f.GetProperty("device").GetString()}"));

        var fix = Tapyard("node", "verify", "lab1", "--fix", "--run-dir", run);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Null(links.TryGet("vtap7"));
        Assert.NotNull(links.TryGet("guest0"));
        Assert.False(File.Exists(Path.Combine(run, "nics", "lab1", "vtap8.json")));

        var clean = Tapyard("node", "verify", "--run-dir", run, "--output", "json");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal("[]", clean.Output.Trim());
    }
}
