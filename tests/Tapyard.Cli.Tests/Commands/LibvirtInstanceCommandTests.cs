using System.Text.Json;
using Tapyard.Cli.Tests.Support;
using Tapyard.Lab.Guest;
using Tapyard.Lab.Libvirt;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>
/// `tapyard instance start|list|reboot|stop` of an instance added with --hypervisor libvirt, through a
/// libvirtd started by `tapyard node libvirtd` in the node's namespace (found by the driver under the run
/// directory), with a real guest; `node libvirtd --stop` ends it.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class LibvirtInstanceCommandTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Libvirt_instance_starts_boots_reboots_and_stops_through_the_cli()
    {
        using var world = new GuestCliWorld("cli-lv");
        string run = world.RunDirectory;
        CliResult Tapyard(params string[] args) => world.Tapyard(args);
        string Ok(params string[] args) => world.Ok(args);
        string Status() => world.Status("vm1");
        Ok("node", "add", "--netns", world.Lab.Switch.Name, "sw");
        Ok("instance", "add", "--node", "n1", "--hypervisor", "libvirt", "--net", "0:network=net,ip=pool", "vm1");
        string uri = Ok("node", "libvirtd", "n1", "--run-dir", run).Trim();
        Assert.Equal($"qemu+unix:///system?socket={run}/libvirt/n1/run/libvirt-sock", uri);
        using var libvirtd = PrivateLibvirtd.Attach(Path.Combine(run, "libvirt", "n1"))
            ?? throw new Xunit.Sdk.XunitException("node libvirtd left no running libvirtd");
        var twice = Tapyard("node", "libvirtd", "n1", "--run-dir", run);
        Assert.StartsWith($"tapyard node libvirtd: cannot start a libvirtd for node n1: a libvirtd (pid {libvirtd.Pid}) already runs", twice.Error);
        try
        {
            var started = Tapyard("instance", "start", "vm1", "--run-dir", run);
            Assert.True(started.ExitCode == 0, started.ToString());
            Assert.Equal("running", Status());
            using (var json = JsonDocument.Parse(Ok("instance", "info", "vm1", "--output", "json", "--run-dir", run)))
                Assert.Equal("libvirt", json.RootElement[0].GetProperty("hypervisor").GetString());
            var again = Tapyard("instance", "start", "vm1", "--run-dir", run);
            Assert.StartsWith("tapyard instance start: instance vm1 is already running (libvirt domain ", again.Error);
            var migrate = Tapyard("instance", "migrate", "--target", "n1", "vm1", "--run-dir", run);
            // The libvirt migrator answers (its own preflight; the migration itself: Hypervisors.Tests' LibvirtMigrationTests).
            Assert.Equal("tapyard instance migrate: cannot migrate instance vm1 to node n1: it already runs there; name another node\n", migrate.Error);
            // Past the common checks: the libvirt migrator finds the guest running (the QEMU one would say it is not) and checks the links.
            var noLink = Tapyard("instance", "migrate", "--target", "sw", "vm1", "--run-dir", run);
            Assert.Equal("tapyard instance migrate: cannot migrate instance vm1 to node sw: lower device eth0 of NIC 0 does not exist there; nothing was changed\n", noLink.Error);
            Assert.Equal(1, noLink.ExitCode);

            GuestCliWorld.WaitFor(() => Ok("instance", "console", "vm1", "--run-dir", run).Contains(GuestInit.ReadyLine), BootTimeout, "the guest's ready line on the console");
            Ok("instance", "reboot", "vm1", "--run-dir", run);
            Assert.Equal("running", Status());

            Ok("instance", "stop", "vm1", "--run-dir", run);
            Assert.Equal("ADMIN_down", Status());
            Assert.Equal("[]", Ip.Run("-n", world.Lab.Node.Name, "-j", "link", "show", "type", "macvtap").Trim());
            Assert.Equal("", Virsh(libvirtd, "list", "--all", "--uuid").Trim());
            Ok("node", "libvirtd", "--stop", "n1", "--run-dir", run);
            Assert.Null(PrivateLibvirtd.Attach(Path.Combine(run, "libvirt", "n1")));
        }
        finally
        {
            Tapyard("instance", "stop", "vm1", "--run-dir", run);
            Tapyard("node", "libvirtd", "--stop", "n1", "--run-dir", run);
        }
    }

    private static string Virsh(PrivateLibvirtd libvirtd, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("virsh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-q", "-c", libvirtd.Uri }.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
