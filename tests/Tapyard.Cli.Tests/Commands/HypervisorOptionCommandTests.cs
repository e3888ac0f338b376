using System.Text.Json;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.Commands;

/// <summary>--hypervisor on instance add, cluster init and cluster modify, and where it shows.</summary>
public sealed class HypervisorOptionCommandTests : IDisposable
{
    private readonly TempStateDirectory _state = new();

    public void Dispose() => _state.Dispose();

    private CliResult Tapyard(params string[] args) => TapyardCli.Run(["--state-dir", _state.Path, .. args]);

    private void Ok(params string[] args)
    {
        var result = Tapyard(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}\n{result}");
    }

    private string HypervisorOf(string instance)
    {
        var result = Tapyard("instance", "info", "--output", "json", instance);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement[0].GetProperty("hypervisor").GetString()!;
    }

    [Fact]
    public void Instance_takes_its_own_hypervisor_or_the_cluster_default()
    {
        Ok("cluster", "init", "--hypervisor", "libvirt");
        Ok("node", "add", "n1");
        Ok("instance", "add", "--node", "n1", "a");
        Ok("instance", "add", "--node", "n1", "--hypervisor", "qemu", "b");

        Assert.Equal("libvirt", HypervisorOf("a"));
        Assert.Equal("qemu", HypervisorOf("b"));
        Ok("cluster", "modify", "--hypervisor", "qemu");
        Assert.Equal("qemu", HypervisorOf("a"));
        var list = Tapyard("instance", "list", "-o", "name,hypervisor", "--no-headers");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(["a qemu", "b qemu"], list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Contains("Default hypervisor: qemu", Tapyard("cluster", "info").Output);
    }

    [Fact]
    public void Unknown_hypervisor_is_one_error_line_and_changes_nothing()
    {
        Ok("cluster", "init");
        Ok("node", "add", "n1");
        byte[] before = File.ReadAllBytes(Path.Combine(_state.Path, "config.json"));

        var add = Tapyard("instance", "add", "--node", "n1", "--hypervisor", "xen", "x");
        var modify = Tapyard("cluster", "modify", "--hypervisor", "kvm");

        Assert.Equal(1, add.ExitCode);
        Assert.Equal("tapyard instance add: unknown hypervisor 'xen' for instance x; use qemu or libvirt\n", add.Error);
        Assert.NotEqual(0, modify.ExitCode);
        Assert.Equal("tapyard cluster modify: unknown hypervisor 'kvm' for the cluster; use qemu or libvirt\n", modify.Error);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_state.Path, "config.json")));
    }
}
