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
        using var world = new GuestCliWorld("cli-inst");
        string run = world.RunDirectory;
        CliResult Tapyard(params string[] args) => world.Tapyard(args);
        string Ok(params string[] args) => world.Ok(args);
        string Status() => world.Status("vm1");
        Ok("instance", "add", "--node", "n1", "--net", "0:network=net,ip=pool", "vm1");
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

            GuestCliWorld.WaitFor(() => Ok("instance", "console", "vm1", "--run-dir", run).Contains(GuestInit.ReadyLine), BootTimeout, "the guest's ready line on the console");

            // A QEMU that dies on its own: the list shows it at once, the next start sweeps and boots.
            int pid = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "instances", "vm1", "qemu.json"))).RootElement.GetProperty("pid").GetInt32();
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            GuestCliWorld.WaitFor(() => Status() == "ERROR_down", TimeSpan.FromSeconds(10), "status ERROR_down after kill -9");
            Assert.Contains($"  Status: ERROR_down (its QEMU (pid {pid}) ended on its own)\n", Ok("instance", "info", "vm1", "--run-dir", run));
            Ok("instance", "start", "vm1", "--run-dir", run);
            Assert.Equal("running", Status());
            Assert.Single(Macvtaps(world.Lab));

            Ok("instance", "reboot", "vm1", "--run-dir", run);
            Assert.Equal("running", Status());

            var stopped = Tapyard("instance", "stop", "vm1", "--run-dir", run);
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Equal("ADMIN_down", Status());
            Assert.Empty(Macvtaps(world.Lab));
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
}
