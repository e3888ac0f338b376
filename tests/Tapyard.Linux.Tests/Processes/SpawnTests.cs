using Microsoft.Win32.SafeHandles;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Processes;

namespace Tapyard.Linux.Tests.Processes;

public sealed class SpawnTests : IDisposable
{
    private readonly TempDirectory _dir = new("spawn");

    [Fact]
    public void Child_gets_the_files_at_the_chosen_numbers_and_nothing_else()
    {
        using var a = File.OpenHandle(_dir.File("a"), FileMode.Create, FileAccess.Write);
        using var b = File.OpenHandle(_dir.File("b"), FileMode.Create, FileAccess.Write);
        var child = ProcessSpawner.Spawn(new SpawnRequest
        {
            Program = "sleep", Arguments = ["30"], OutputPath = _dir.File("log"),
            // Crossed on purpose: b goes to 3 and a to 4, and a third copy of a to 5.
            Files = [new InheritedFile(b, 3), new InheritedFile(a, 4), new InheritedFile(a, 5)],
        });
        try
        {
            var fds = OpenFds(child.Pid);
            Assert.Equal(["0", "1", "2", "3", "4", "5"], fds.Keys.Order().ToList());
            Assert.Equal("/dev/null", fds["0"]);
            Assert.Equal(_dir.File("log"), fds["1"]);
            Assert.Equal(_dir.File("log"), fds["2"]);
            Assert.Equal(_dir.File("b"), fds["3"]);
            Assert.Equal(_dir.File("a"), fds["4"]);
            Assert.Equal(_dir.File("a"), fds["5"]);
            // dup2 to another number clears FD_CLOEXEC: the flags line of fdinfo has no 02000000.
            string flags = File.ReadAllLines($"/proc/{child.Pid}/fdinfo/3").Single(l => l.StartsWith("flags:")).Split('\t')[1];
            Assert.Equal(0, Convert.ToInt32(flags, 8) & 0x80000);
        }
        finally
        {
            var exit = child.Kill();
            Assert.Equal(LinuxSignal.Kill, exit.Signal);
        }
    }

    [Fact]
    public void Child_gets_exactly_the_given_environment_and_its_exit_code_is_reaped()
    {
        var child = ProcessSpawner.Spawn(new SpawnRequest
        {
            Program = "/usr/bin/env", OutputPath = _dir.File("env"), Environment = ["A=1", "B=two words"],
        });
        var exit = child.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(new ProcessExit(0, null), exit);
        Assert.Equal(["A=1", "B=two words"], File.ReadAllLines(_dir.File("env")));
        Assert.False(File.Exists($"/proc/{child.Pid}/stat") && File.ReadAllText($"/proc/{child.Pid}/stat").Contains(") Z "), "the child was left a zombie");
    }

    [Fact]
    public void A_failing_program_reports_its_exit_code()
    {
        var child = ProcessSpawner.Spawn(new SpawnRequest { Program = "false" });
        Assert.Equal(1, child.WaitForExit(TimeSpan.FromSeconds(30))?.ExitCode);
    }

    [Fact]
    public void Missing_program_is_a_typed_error()
    {
        var e = Assert.Throws<ProgramNotFoundException>(() => ProcessSpawner.Spawn(new SpawnRequest { Program = "no-such-program-ty" }));
        Assert.StartsWith("program no-such-program-ty was not found; install it", e.Message);
        Assert.Throws<ProgramNotFoundException>(() => ProcessSpawner.Spawn(new SpawnRequest { Program = _dir.File("absent") }));
    }

    [Fact]
    public void A_file_that_cannot_be_executed_is_a_typed_error()
    {
        File.WriteAllText(_dir.File("not-executable"), "data");
        var e = Assert.Throws<SpawnFailedException>(() => ProcessSpawner.Spawn(new SpawnRequest { Program = _dir.File("not-executable") }));
        Assert.Equal(LinuxErrno.EACCES, e.Errno);
    }

    [Fact]
    public void Low_or_repeated_target_fds_are_refused()
    {
        using var a = File.OpenHandle(_dir.File("a"), FileMode.Create, FileAccess.Write);
        Assert.Throws<ArgumentException>(() => ProcessSpawner.Spawn(new SpawnRequest { Program = "true", Files = [new InheritedFile(a, 1)] }));
        Assert.Throws<ArgumentException>(() =>
            ProcessSpawner.Spawn(new SpawnRequest { Program = "true", Files = [new InheritedFile(a, 3), new InheritedFile(a, 3)] }));
    }

    [Fact]
    public void Process_identity_tells_a_live_process_from_a_gone_one()
    {
        var child = ProcessSpawner.Spawn(new SpawnRequest { Program = "sleep", Arguments = ["30"] });
        var identity = ProcessIdentity.TryOf(child.Pid);
        Assert.NotNull(identity);
        Assert.True(identity.Value.IsAlive);
        Assert.False((identity.Value with { StartTime = identity.Value.StartTime + 1 }).IsAlive);
        child.Kill();
        Assert.False(identity.Value.IsAlive);
        Assert.Null(ProcessIdentity.TryOf(child.Pid));
        Assert.False(identity.Value.Signal(LinuxSignal.Term));
    }

    [Fact]
    [Trait("Category", "Kernel")]
    public void Child_starts_in_the_given_network_namespace()
    {
        using var ns = TestNamespace.Create("spawn");
        var child = ProcessSpawner.Spawn(new SpawnRequest { Program = "sleep", Arguments = ["30"] }, ns.Namespace);
        try
        {
            string? childNs = new FileInfo($"/proc/{child.Pid}/ns/net").LinkTarget;
            string? nodeNs = ns.Namespace.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget);
            string? hostNs = new FileInfo("/proc/self/ns/net").LinkTarget;
            Assert.StartsWith("net:[", childNs);
            Assert.Equal(nodeNs, childNs);
            Assert.NotEqual(hostNs, childNs);
        }
        finally
        {
            child.Kill();
        }
    }

    private static Dictionary<string, string> OpenFds(int pid) =>
        new DirectoryInfo($"/proc/{pid}/fd").GetFileSystemInfos().ToDictionary(f => f.Name, f => f.LinkTarget ?? "");

    public void Dispose() => _dir.Dispose();
}
