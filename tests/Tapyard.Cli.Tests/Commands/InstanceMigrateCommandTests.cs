using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>`instance migrate` refusals (no guest needed; the real migrations are in Tapyard.Hypervisors.Tests' Kernel tests).</summary>
public sealed class InstanceMigrateCommandTests
{
    [Fact]
    public void Refusals_name_the_instance_and_the_fix_and_change_nothing()
    {
        using var state = new TempStateDirectory();
        string run = Path.Combine(state.Path, "run");
        CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", state.Path, .. args]);
        foreach (string[] step in new string[][]
        {
            ["cluster", "init"], ["node", "add", "n1"], ["node", "add", "n2"],
            ["network", "add", "--network", "198.51.100.0/24", "net"],
            ["network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "net", "default"],
            ["instance", "add", "--node", "n1", "--net", "0:network=net,ip=pool", "vm1"],
        })
            Assert.Equal(0, Tapyard(step).ExitCode);
        string config = File.ReadAllText(state.ConfigPath);

        var noTarget = Tapyard("instance", "migrate", "vm1", "--run-dir", run);
        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("give the node to migrate to: --target NODE", noTarget.Error);

        var unknown = Tapyard("instance", "migrate", "--target", "n9", "vm1", "--run-dir", run);
        Assert.Equal((1, "tapyard instance migrate: cannot migrate instance vm1: node 'n9' does not exist; see `tapyard node list`\n"), (unknown.ExitCode, unknown.Error));

        var same = Tapyard("instance", "migrate", "--target", "n1", "vm1", "--run-dir", run);
        Assert.Equal((1, "tapyard instance migrate: cannot migrate instance vm1 to node n1: it already runs there; name another node\n"), (same.ExitCode, same.Error));

        var stopped = Tapyard("instance", "migrate", "--target", "n2", "vm1", "--run-dir", run);
        Assert.Equal((1, "tapyard instance migrate: cannot migrate instance vm1: it is not running (state stopped); start it first\n"), (stopped.ExitCode, stopped.Error));

        Assert.Equal(config, File.ReadAllText(state.ConfigPath));
    }
}
