using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Hypervisors.Tests.Libvirt;

/// <summary>Virsh's own contract with stand-in binaries (small scripts): what it passes, and its errors.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VirshTests : IDisposable
{
    private const string Uri = "qemu+unix:///system?socket=/nowhere";
    private readonly TempDirectory _dir = new("virsh");

    public void Dispose() => _dir.Dispose();

    private string FakeVirsh(string body)
    {
        string path = _dir.File("virsh");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public void Virsh_gets_quiet_mode_and_the_connection_before_the_arguments_and_its_answer_comes_back()
    {
        var result = new Virsh(Uri, FakeVirsh("""for a in "$@"; do echo "[$a]"; done; echo "error: failed to get domain 'x'" >&2; exit 1""")).Run(["domstate", "x y"]);
        Assert.Equal($"[-q]\n[-c]\n[{Uri}]\n[domstate]\n[x y]\n", result.Output);
        Assert.Equal(1, result.ExitCode);
        Assert.True(result.DomainMissing);
    }

    [Fact]
    public void A_virsh_that_does_not_answer_is_killed_at_the_limit_and_named()
    {
        var e = Assert.Throws<HypervisorException>(() => new Virsh(Uri, FakeVirsh("exec sleep 60")).Run(["domstate", "x"], TimeSpan.FromSeconds(1)));
        Assert.Equal($"virsh -c {Uri} domstate x did not finish within 1 s; is libvirtd answering?", e.Message);
    }

    [Fact]
    public void A_missing_virsh_names_the_package_to_install()
    {
        var e = Assert.Throws<HypervisorException>(() => new Virsh(Uri, "no-such-virsh-ty").Run(["list"]));
        Assert.Equal("cannot run no-such-virsh-ty: program no-such-virsh-ty was not found; install the Debian package libvirt-clients (apt-get install libvirt-clients)", e.Message);
    }

    [Fact]
    public void Check_turns_a_failure_into_one_line_naming_the_connection()
    {
        var e = Assert.Throws<HypervisorException>(() => new Virsh(Uri, FakeVirsh("echo 'error: Failed to connect socket' >&2; echo 'error: No such file' >&2; exit 1")).Check("cannot list", ["list"]));
        Assert.Equal($"cannot list: libvirt ({Uri}) says: Failed to connect socket; No such file", e.Message);
    }
}
