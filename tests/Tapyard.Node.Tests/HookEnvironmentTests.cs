using Tapyard.Node.Hooks;

namespace Tapyard.Node.Tests;

public sealed class HookEnvironmentTests
{
    private static readonly Guid NicUuid = Guid.Parse("0b7c5e7e-5a4b-4d0e-9b8e-3f0c2d1e4a55");

    [Fact]
    public void Bridged_mode_gets_bridge_and_vlan_but_no_mvtap_mode_and_absent_values_are_left_out()
    {
        var environment = HookEnvironment.Of(new HookContext
        {
            Instance = "web1", Tags = ["a", "b"], NicIndex = 2, NicUuid = NicUuid, Mac = "52:54:00:00:00:09", Mode = "bridged",
            Interface = "tap7", Link = "br0", Vlan = 100, MvtapMode = "bridge",
        });

        Assert.Equal(new Dictionary<string, string>
        {
            ["BRIDGE"] = "br0", ["INSTANCE"] = "web1", ["INTERFACE"] = "tap7", ["INTERFACE_INDEX"] = "2", ["INTERFACE_UUID"] = NicUuid.ToString(),
            ["LINK"] = "br0", ["MAC"] = "52:54:00:00:00:09", ["MODE"] = "bridged", ["TAGS"] = "a b", ["VLAN"] = "100",
        }, environment.Variables);
    }

    [Fact]
    public void A_stored_environment_loses_action_and_path_which_are_set_per_run()
    {
        var stored = HookEnvironment.FromVariables(new Dictionary<string, string> { ["ACTION"] = "up", ["PATH"] = "/x", ["MODE"] = "routed", ["INSTANCE"] = "a" });
        Assert.Equal(["INSTANCE", "MODE"], stored.Variables.Keys);
        Assert.Equal("routed", stored.Mode);
    }

    [Fact]
    public void Scripts_are_up_then_up_d_in_name_order_without_hidden_files_or_backups()
    {
        using var state = new TempDirectory("hookorder");
        string mode = Path.Combine(state.Path, "network", "routed");
        Directory.CreateDirectory(Path.Combine(mode, "up.d"));
        foreach (string file in new[] { "up", "up.d/20-b", "up.d/10-a", "up.d/.swp", "up.d/10-a~", "down" })
            File.WriteAllText(Path.Combine(mode, file), "");
        var hooks = NicHooks.ForStateDirectory(state.Path);

        Assert.Equal([Path.Combine(mode, "up"), Path.Combine(mode, "up.d/10-a"), Path.Combine(mode, "up.d/20-b")], hooks.ScriptsFor("routed", HookAction.Up));
        Assert.Equal([Path.Combine(mode, "down")], hooks.ScriptsFor("routed", HookAction.Down));
        Assert.Empty(hooks.ScriptsFor("macvtap", HookAction.Up));
        Assert.True(hooks.HasAny("routed"));
        Assert.False(hooks.HasAny("openvswitch"));
        Assert.Equal(TimeSpan.FromSeconds(30), hooks.Timeout);
    }
}
