using System.Diagnostics;
using Tapyard.Core.Model;
using Tapyard.Node.Hooks;
using Tapyard.Node.Tests.Support;

namespace Tapyard.Node.Tests;

/// <summary>NIC hooks: real scripts in a temp state directory, run in the lab node's namespace around real macvtaps.</summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HookTests
{
    private static readonly Network Net = new()
    {
        Name = "net1", Subnet = "192.0.2.0/24", Gateway = "192.0.2.1", Subnet6 = "2001:db8::/64", Gateway6 = "2001:db8::1",
        MacPrefix = "52:54:01", Tags = ["blue", "green"],
    };

    [Fact]
    public void Up_hooks_run_once_per_nic_in_the_node_namespace_with_ganetis_environment_and_nothing_inherited()
    {
        using var lab = NodeLab.Create("hook-up");
        using var scripts = new HookScripts();
        scripts.Write("up", HookScripts.SaveEnvironment("up-$INTERFACE_INDEX"));
        scripts.Write("up.d/20-second", "echo up.d-20-$INTERFACE_INDEX >> $OUT/order.log");
        scripts.Write("up.d/10-first", "echo up.d-10-$INTERFACE_INDEX >> $OUT/order.log");
        scripts.Write("up.d/.hidden", "echo hidden >> $OUT/order.log");
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);
        var nic0 = NodeLab.Nic(0, "52:54:00:00:31:01") with { Ip = "192.0.2.10", Name = "front", NetworkName = Net.Name, Network = Net };
        var nic1 = NodeLab.Nic(1, "52:54:00:00:31:02", mode: Core.Nics.MvtapMode.Vepa);

        using var plugged = nics.Plug(NodeLab.Instance("web1"), [nic0, nic1]);

        Assert.Equal(["up-0", "up.d-10-0", "up.d-20-0", "up-1", "up.d-10-1", "up.d-20-1"], scripts.Order());
        var env = scripts.Environment("up-0");
        env.Remove("PWD"); // the shell's own
        Assert.Equal(new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["ACTION"] = "up", ["INSTANCE"] = "web1", ["MAC"] = "52:54:00:00:31:01", ["MODE"] = "macvtap",
            ["INTERFACE"] = "vtap0", ["INTERFACE_INDEX"] = "0", ["INTERFACE_UUID"] = nic0.Uuid.ToString(), ["INTERFACE_NAME"] = "front",
            ["TAGS"] = "", ["IP"] = "192.0.2.10", ["LINK"] = "eth0", ["MVTAP_MODE"] = "bridge",
            ["NETWORK_NAME"] = "net1", ["NETWORK_UUID"] = Net.Uuid.ToString(), ["NETWORK_SUBNET"] = "192.0.2.0/24",
            ["NETWORK_GATEWAY"] = "192.0.2.1", ["NETWORK_SUBNET6"] = "2001:db8::/64", ["NETWORK_GATEWAY6"] = "2001:db8::1",
            ["NETWORK_MAC_PREFIX"] = "52:54:01", ["NETWORK_TAGS"] = "blue green",
        }.OrderBy(p => p.Key), env.OrderBy(p => p.Key));
        var env1 = scripts.Environment("up-1");
        Assert.Equal("vtap1", env1["INTERFACE"]);
        Assert.Equal("1", env1["INTERFACE_INDEX"]);
        Assert.Equal("vepa", env1["MVTAP_MODE"]);
        Assert.False(env1.ContainsKey("IP"));
        Assert.False(env1.ContainsKey("NETWORK_NAME"));
        // The script runs in the node's namespace: the device is in its /sys and its `ip link`.
        Assert.Equal("SYSFS=yes\nIP=yes", scripts.Seen("up-0"));
        nics.Unplug(plugged);
    }

    [Fact]
    public void A_failing_up_hook_fails_the_plug_and_leaves_no_device_and_no_record()
    {
        using var lab = NodeLab.Create("hook-fail");
        using var scripts = new HookScripts();
        string up = scripts.Write("up", "echo starting\necho 'no route to the router' >&2\nexit 3");
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);

        var e = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:32:01")]));

        Assert.Equal($"up hook {up} for NIC 0 of instance web1 failed (exit 3): no route to the router; the NIC was removed", e.Message);
        var hook = Assert.IsType<HookException>(e.InnerException);
        Assert.Equal(3, hook.ExitCode);
        Assert.Equal(["starting", "no route to the router"], hook.Output);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void When_the_second_nics_up_hook_fails_the_first_gets_its_down_hook_and_both_are_removed()
    {
        using var lab = NodeLab.Create("hook-fail2");
        using var scripts = new HookScripts();
        string up = scripts.Write("up", "echo up-$INTERFACE_INDEX >> $OUT/order.log\n[ \"$INTERFACE_INDEX\" = 1 ] && exit 1\nexit 0");
        scripts.Write("down", "echo down-$INTERFACE_INDEX >> $OUT/order.log");
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);

        var e = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"),
            [NodeLab.Nic(0, "52:54:00:00:33:01"), NodeLab.Nic(1, "52:54:00:00:33:02")]));

        Assert.Equal($"up hook {up} for NIC 1 of instance web1 failed (exit 1): (no output); the instance's 2 NICs (vtap0, vtap1) were removed", e.Message);
        Assert.Equal(1, e.NicIndex);
        Assert.Equal(["up-0", "up-1", "down-0"], scripts.Order());
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_hanging_up_hook_is_killed_with_its_children_at_the_timeout_and_the_plug_is_rolled_back()
    {
        using var lab = NodeLab.Create("hook-hang");
        using var scripts = new HookScripts();
        string up = scripts.Write("up", "sleep 300 &\necho $! > $OUT/child.pid\necho $$ > $OUT/script.pid\necho 'waiting for the router' >&2\nwait");
        using var nics = lab.OpenNics();
        nics.Hooks = new NicHooks(Path.Combine(scripts.StateDirectory, NicHooks.DirectoryName), TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:34:01")]));
        clock.Stop();

        Assert.Equal($"up hook {up} for NIC 0 of instance web1 timed out after 1 s and was killed: waiting for the router; the NIC was removed", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the plug took {clock.Elapsed} with a 1 s hook timeout");
        Assert.True(Assert.IsType<HookException>(e.InnerException).TimedOut);
        foreach (string file in new[] { "script.pid", "child.pid" })
        {
            int pid = int.Parse(File.ReadAllText(Path.Combine(scripts.Output, file)).Trim());
            Assert.True(IsGone(pid), $"process {pid} ({file}) of the hanging hook is still running");
        }
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_non_executable_hook_fails_the_plug_naming_the_file_and_the_fix()
    {
        using var lab = NodeLab.Create("hook-noexec");
        using var scripts = new HookScripts();
        string up = scripts.Write("up", "exit 0", executable: false);
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);

        var e = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:35:01")]));

        Assert.Equal($"up hook {up} for NIC 0 of instance web1 is not executable; make it executable (chmod +x {up}) or remove it; the NIC was removed", e.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    [Fact]
    public void A_hook_whose_interpreter_is_missing_fails_the_plug_with_the_exec_error()
    {
        using var lab = NodeLab.Create("hook-interp");
        using var scripts = new HookScripts();
        string up = scripts.Write("up", "exit 0");
        File.WriteAllText(up, "#!/nonexistent/interpreter\nexit 0\n");
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);

        var e = Assert.Throws<NicPlugException>(() => nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:38:01")]));

        Assert.StartsWith($"up hook {up} for NIC 0 of instance web1 failed (exit ", e.Message);
        Assert.Contains("No such file or directory", e.Message);
        Assert.EndsWith("; the NIC was removed", e.Message);
        Assert.Empty(lab.Macvtaps());
    }

    [Fact]
    public void Down_hooks_run_before_unplug_and_sweep_while_the_device_exists_with_the_up_environment()
    {
        using var lab = NodeLab.Create("hook-down");
        using var scripts = new HookScripts();
        scripts.Write("up", HookScripts.SaveEnvironment("up-$INTERFACE_INDEX"));
        scripts.Write("down", HookScripts.SaveEnvironment("down-$INTERFACE_INDEX"));
        var nic = NodeLab.Nic(0, "52:54:00:00:36:01") with { Ip = "192.0.2.20", Network = Net };
        using (var nics = lab.OpenNics())
        {
            nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);
            var plugged = nics.Plug(NodeLab.Instance("web1"), [nic]);
            nics.Unplug(plugged);
        }
        Assert.Equal(["up-0", "down-0"], scripts.Order());
        Assert.Equal("SYSFS=yes\nIP=yes", scripts.Seen("down-0"));
        var up = scripts.Environment("up-0");
        var down = scripts.Environment("down-0");
        Assert.Equal("down", down["ACTION"]);
        up.Remove("ACTION");
        down.Remove("ACTION");
        Assert.Equal(up.OrderBy(p => p.Key), down.OrderBy(p => p.Key));
        Assert.Empty(lab.Macvtaps());

        // A sweep by a later process (as after a crash) runs the down hook from the environment kept in the record.
        File.Delete(Path.Combine(scripts.Output, "order.log"));
        using (var first = lab.OpenNics())
        {
            first.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);
            first.Plug(NodeLab.Instance("web1"), [nic]).Dispose();
        }
        using (var later = lab.OpenNics())
        {
            later.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory);
            Assert.Equal(["vtap0"], later.SweepInstance("web1").DevicesRemoved);
        }
        Assert.Equal(["up-0", "down-0"], scripts.Order());
        Assert.Equal("192.0.2.20", scripts.Environment("down-0")["IP"]);
        Assert.Equal("net1", scripts.Environment("down-0")["NETWORK_NAME"]);
        Assert.Empty(lab.Macvtaps());
    }

    [Fact]
    public void A_failing_down_hook_is_reported_and_the_device_is_removed_anyway()
    {
        using var lab = NodeLab.Create("hook-downfail");
        using var scripts = new HookScripts();
        string down = scripts.Write("down", "echo 'cannot reach the DHCP server' >&2\nexit 2");
        var reported = new List<HookException>();
        using var nics = lab.OpenNics();
        nics.Hooks = NicHooks.ForStateDirectory(scripts.StateDirectory, reported.Add);
        var plugged = nics.Plug(NodeLab.Instance("web1"), [NodeLab.Nic(0, "52:54:00:00:37:01")]);

        nics.Unplug(plugged);

        var failure = Assert.Single(reported);
        Assert.Equal($"down hook {down} for NIC 0 of instance web1 failed (exit 2): cannot reach the DHCP server", failure.Message);
        Assert.Empty(lab.Macvtaps());
        Assert.Empty(nics.Records.ReservedNames());
    }

    /// <summary>Gone, or a zombie waiting for its (dead) parent's reaper: either way no longer running.</summary>
    private static bool IsGone(int pid)
    {
        for (int i = 0; i < 50; i++)
        {
            string stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
                return true;
            try
            {
                string text = File.ReadAllText(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                    return true;
            }
            catch (IOException) { return true; }
            Thread.Sleep(100);
        }
        return false;
    }
}
