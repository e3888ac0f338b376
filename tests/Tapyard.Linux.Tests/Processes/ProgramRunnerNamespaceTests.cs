using System.Text.Json;
using Tapyard.Linux.Links;
using Tapyard.Linux.Processes;

namespace Tapyard.Linux.Tests.Processes;

[Trait("Category", "Kernel")]
public sealed class ProgramRunnerNamespaceTests
{
    [Fact]
    public void A_program_run_in_a_namespace_sees_only_that_namespaces_devices()
    {
        using var ns = TestNamespace.Create("runner");
        ns.Netlink.Links.Create(new BridgeLinkSpec { Name = "tyrun0" });

        var result = ProgramRunner.Run(new ProgramInvocation { Program = "ip", Arguments = ["-j", "link", "show"], Namespace = ns.Namespace, Package = "iproute2" });

        Assert.True(result.Succeeded, result.Error);
        using var links = JsonDocument.Parse(result.Output);
        var names = links.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["lo", "tyrun0"], names);
    }

    [Fact]
    public void A_program_run_in_a_namespace_sees_that_namespaces_sysfs()
    {
        using var ns = TestNamespace.Create("runner");
        ns.Netlink.Links.Create(new BridgeLinkSpec { Name = "tyrun1" });

        var result = ProgramRunner.Run(new ProgramInvocation { Program = "ls", Arguments = ["/sys/class/net"], Namespace = ns.Namespace });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["lo", "tyrun1"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Waiting_for_a_program_does_not_hold_the_namespace_thread()
    {
        using var ns = TestNamespace.Create("runner");
        var sleeper = Task.Run(() => ProgramRunner.Run(new ProgramInvocation { Program = "sleep", Arguments = ["3"], Namespace = ns.Namespace }));
        await Task.Delay(500);
        // The namespace's thread answers while the sleep runs: only the start happened on it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, ns.Namespace.Run(() => 1));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.True((await sleeper).Succeeded);
    }
}
