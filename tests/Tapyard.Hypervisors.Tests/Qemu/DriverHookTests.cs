using Tapyard.Hypervisors.Tests.Support;
using Tapyard.Node.Hooks;

namespace Tapyard.Hypervisors.Tests.Qemu;

/// <summary>The driver runs the node's NIC hooks: up when `instance start` plugs, down when `stop` removes (firmware-only QEMU).</summary>
[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DriverHookTests
{
    [Fact]
    public void Start_runs_the_up_hook_with_the_network_values_and_stop_runs_the_down_hook_while_the_device_exists()
    {
        using var hooksDir = new TempDirectory("drvhooks");
        string output = hooksDir.File("out");
        Directory.CreateDirectory(output);
        foreach (string action in new[] { "up", "down" })
        {
            string script = Path.Combine(hooksDir.Path, "network", "macvtap", action);
            Directory.CreateDirectory(Path.GetDirectoryName(script)!);
            File.WriteAllText(script,
                $"#!/bin/sh\necho \"$ACTION $INSTANCE $INTERFACE $MAC $NETWORK_NAME $NETWORK_SUBNET $NETWORK_GATEWAY\" >> {output}/log\n"
                + $"[ -e /sys/class/net/$INTERFACE ] && echo \"$ACTION sees $INTERFACE\" >> {output}/log\nexit 0\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var world = new DriverWorld("drvhook", hooks: NicHooks.ForStateDirectory(hooksDir.Path));
        world.AddInstance("fw9");
        string mac = world.NicOf("fw9").Mac;

        world.Driver.Start("fw9");
        string device = Assert.Single(world.Macvtaps()).GetProperty("ifname").GetString()!;
        world.Driver.Stop("fw9");

        Assert.Equal(
            [
                $"up fw9 {device} {mac} {DriverWorld.NetworkName} 198.51.100.0/24 {DriverWorld.Outside}", $"up sees {device}",
                $"down fw9 {device} {mac} {DriverWorld.NetworkName} 198.51.100.0/24 {DriverWorld.Outside}", $"down sees {device}",
            ],
            File.ReadAllLines(Path.Combine(output, "log")));
        Assert.Empty(world.Macvtaps());
    }
}
