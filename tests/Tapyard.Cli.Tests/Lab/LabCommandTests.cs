using System.Diagnostics;
using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Lab;

/// <summary>`tapyard lab up|status|down` end to end: the built CLI in its own process, against the kernel.</summary>
[Trait("Category", "Kernel")]
public sealed class LabCommandTests
{
    [Fact]
    public void Up_status_up_again_and_down()
    {
        using var world = new LabWorld();
        var layout = world.Layout(1);

        string up = world.State.Ok("lab", "up", "--nodes", "1", "--name", world.Name);
        Assert.Contains($"created namespace {layout.SwitchNamespace}", up, StringComparison.Ordinal);
        Assert.Contains("initialized one", up, StringComparison.Ordinal);
        Assert.Contains($"registered nodes {layout.NodeName(1)}", up, StringComparison.Ordinal);
        Assert.Contains($"lab {world.Name} is up", up, StringComparison.Ordinal);

        using (var status = JsonDocument.Parse(world.State.Ok("lab", "status", "--name", world.Name, "--output", "json")))
        {
            var root = status.RootElement;
            Assert.Equal("complete", root.GetProperty("state").GetString());
            Assert.Equal(1, root.GetProperty("nodes").GetInt32());
            Assert.Empty(root.GetProperty("missing").EnumerateArray());
            var namespaces = root.GetProperty("namespaces").EnumerateArray().ToDictionary(ns => ns.GetProperty("role").GetString()!);
            Assert.Equal(layout.SwitchNamespace, namespaces["switch"].GetProperty("name").GetString());
            var ports = namespaces["switch"].GetProperty("links").EnumerateArray().Where(l => l.GetProperty("master").GetString() == "br0")
                .Select(l => (l.GetProperty("name").GetString(), l.GetProperty("hairpin").GetBoolean())).ToList();
            Assert.Equal([("n1", true), ("outside", false)], ports);
            var outside = namespaces["outside"].GetProperty("links").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "eth0");
            Assert.Equal("198.51.100.1/24", outside.GetProperty("addresses")[0].GetString());
            var node = root.GetProperty("registered_nodes")[0];
            Assert.Equal((layout.NodeName(1), layout.NodeNamespace(1), true),
                (node.GetProperty("name").GetString(), node.GetProperty("netns").GetString(), node.GetProperty("in_config").GetBoolean()));
            Assert.Equal("192.0.2.1", node.GetProperty("primary_ip").GetString());
        }
        Assert.Contains($"nodes in config: {layout.NodeName(1)} (192.0.2.1)", world.State.Ok("lab", "status", "--name", world.Name), StringComparison.Ordinal);
        Assert.Contains($"{layout.NodeName(1)}", world.State.Ok("node", "list"), StringComparison.Ordinal);

        Assert.Contains("already exists", world.State.Ok("lab", "up", "--name", world.Name), StringComparison.Ordinal);

        string down = world.State.Ok("lab", "down", "--name", world.Name);
        Assert.Contains($"removed nodes {layout.NodeName(1)}", down, StringComparison.Ordinal);
        Assert.Contains($"lab {world.Name} is down", down, StringComparison.Ordinal);
        Assert.Empty(world.Namespaces());
        Assert.DoesNotContain(layout.NodeName(1), world.State.Ok("node", "list"), StringComparison.Ordinal);
        Assert.Contains("absent", world.State.Ok("lab", "status", "--name", world.Name), StringComparison.Ordinal);
    }

    [Fact]
    public void Half_built_lab_status_and_refusal_name_what_is_missing_and_the_fix()
    {
        using var world = new LabWorld();
        var layout = world.Layout();
        world.State.Ok("lab", "up", "--name", world.Name);
        Ip.Run("netns", "delete", layout.OutsideNamespace);

        string status = world.State.Ok("lab", "status", "--name", world.Name);
        Assert.Contains("half-built", status, StringComparison.Ordinal);
        Assert.Contains($"namespace {layout.OutsideNamespace}", status, StringComparison.Ordinal);
        var up = world.State.Run("lab", "up", "--name", world.Name);
        Assert.Equal(1, up.ExitCode);
        Assert.Contains($"namespace {layout.OutsideNamespace}", up.Error, StringComparison.Ordinal);
        Assert.Contains($"run 'tapyard lab down --name {world.Name}'", up.Error, StringComparison.Ordinal);
        Assert.Single(up.Error.Trim().Split('\n'));

        world.State.Ok("lab", "down", "--name", world.Name);
        Assert.Empty(world.Namespaces());
    }

    [Fact]
    public void Bad_node_counts_are_usage_errors()
    {
        using var state = new TempStateDirectory();
        var result = state.Run("lab", "up", "--nodes", "0", "--name", "tlbad");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--nodes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_root_every_lab_command_says_it_needs_root()
    {
        using var state = new TempStateDirectory();
        foreach (string verb in new[] { "up", "status", "down" })
        {
            var (exit, error) = RunAsNobody(state.Path, "lab", verb, "--name", "tlnoroot");
            Assert.True(exit == 1, error);
            Assert.Contains($"needs root; run it as root (sudo tapyard lab {verb})", error, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Tapyard.Linux.Namespaces.NetworkNamespace.List(), ns => ns.StartsWith("tlnoroot", StringComparison.Ordinal));
    }

    /// <summary>The built CLI as user nobody (setpriv from util-linux): the root check must come before anything else.</summary>
    private static (int Exit, string Error) RunAsNobody(string stateDirectory, params string[] args)
    {
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", host,
                     Path.Combine(AppContext.BaseDirectory, "tapyard.dll"), "--state-dir", stateDirectory, .. args])
            start.ArgumentList.Add(a);
        start.Environment.Remove("TAPYARD_STATE_DIR");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "tapyard as nobody did not finish");
        _ = stdout.Result;
        return (process.ExitCode, error);
    }
}
