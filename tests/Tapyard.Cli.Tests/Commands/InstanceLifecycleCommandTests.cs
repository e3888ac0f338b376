using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Lab.Guest;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>
/// `tapyard instance start|stop|reboot|console` end to end with a real guest under TCG: a node
/// namespace with uplink eth0 on a switch, a macvtap network, one boot, then a crash and a second boot.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class InstanceLifecycleCommandTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Start_list_console_kill_error_start_again_stop()
    {
        // The guest image ./tapyard builds into the repository's .cache (a plain `dotnet test` shares it).
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(GuestImage.CacheDirectoryVariable)))
            Environment.SetEnvironmentVariable(GuestImage.CacheDirectoryVariable, RepoRoot.CacheDirectory);
        using var world = SwitchedNode.Create("cli-inst");
        world.AddUplink("eth0");
        using var state = new TempStateDirectory();
        string run = Path.Combine(state.Path, "run");
        CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", state.Path, .. args]);
        string Ok(params string[] args)
        {
            var result = Tapyard(args);
            Assert.True(result.ExitCode == 0, $"tapyard {string.Join(' ', args)}\n{result}");
            return result.Output;
        }
        string Status() => Ok("instance", "list", "-o", "status", "--no-headers", "--run-dir", run).Trim();
        foreach (string[] step in new string[][]
        {
            ["cluster", "init"], ["node", "add", "--netns", world.Node.Name, "n1"],
            ["network", "add", "--network", "198.51.100.0/24", "--gateway", "198.51.100.1", "net"],
            ["network", "connect", "-N", "mode=macvtap,link=eth0,mvtap_mode=bridge", "net", "default"],
            ["instance", "add", "--node", "n1", "--net", "0:network=net,ip=pool", "vm1"],
        })
            Ok(step);
        try
        {
            Assert.Equal("ADMIN_down", Status());
            var notRunning = Tapyard("instance", "reboot", "vm1", "--run-dir", run);
            Assert.Equal((1, "", "tapyard instance reboot: instance vm1 is not running; start it instead\n"), (notRunning.ExitCode, notRunning.Output, notRunning.Error));
            var noLog = Tapyard("instance", "console", "vm1", "--run-dir", run);
            Assert.Equal(1, noLog.ExitCode);
            Assert.Contains("instance vm1 has no console log yet; start it first", noLog.Error);

            var started = Tapyard("instance", "start", "vm1", "--run-dir", run);
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.EndsWith("instance vm1 started\n", started.Error);
            Assert.Equal("running", Status());
            using (var json = JsonDocument.Parse(Ok("instance", "info", "vm1", "--output", "json", "--run-dir", run)))
                Assert.Equal("running", json.RootElement[0].GetProperty("status").GetString());
            var again = Tapyard("instance", "start", "vm1", "--run-dir", run);
            Assert.Equal(1, again.ExitCode);
            Assert.StartsWith("tapyard instance start: instance vm1 is already running (QEMU pid ", again.Error);
            var remove = Tapyard("instance", "remove", "vm1");
            Assert.Equal("tapyard instance remove: instance vm1 is running; stop it first (tapyard instance stop vm1)\n", remove.Error);

            WaitFor(() => Ok("instance", "console", "vm1", "--run-dir", run).Contains(GuestInit.ReadyLine), BootTimeout, "the guest's ready line on the console");

            // A QEMU that dies on its own: the list shows it at once, the next start sweeps and boots.
            int pid = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "instances", "vm1", "qemu.json"))).RootElement.GetProperty("pid").GetInt32();
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            WaitFor(() => Status() == "ERROR_down", TimeSpan.FromSeconds(10), "status ERROR_down after kill -9");
            Assert.Contains($"  Status: ERROR_down (its QEMU (pid {pid}) ended on its own)\n", Ok("instance", "info", "vm1", "--run-dir", run));
            Ok("instance", "start", "vm1", "--run-dir", run);
            Assert.Equal("running", Status());
            Assert.Single(Macvtaps(world));

            Ok("instance", "reboot", "vm1", "--run-dir", run);
            Assert.Equal("running", Status());

            var stopped = Tapyard("instance", "stop", "vm1", "--run-dir", run);
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Equal("ADMIN_down", Status());
            Assert.Empty(Macvtaps(world));
            Ok("instance", "remove", "vm1");
        }
        finally
        {
            Tapyard("instance", "stop", "vm1", "--run-dir", run);
        }
    }

    private static List<JsonElement> Macvtaps(SwitchedNode world)
    {
        using var doc = JsonDocument.Parse(Ip.Run("-n", world.Node.Name, "-j", "link", "show", "type", "macvtap"));
        return doc.RootElement.EnumerateArray().Select(l => l.Clone()).ToList();
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(500);
        }
    }
}
