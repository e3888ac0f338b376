using System.Diagnostics;
using Tapyard.Linux.Bpf;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Tests.Bpf;

/// <summary>The kernel's verifier accepts every VLAN program, and explains a program it refuses.</summary>
[Trait("Category", "Kernel")]
public sealed class BpfLoadTests(Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public void Every_vlan_program_loads()
    {
        Root.Require();
        int n = 0;
        foreach (var program in VlanProgramTests.AllPrograms())
        {
            var clock = Stopwatch.StartNew();
            using var loaded = BpfProgram.LoadSchedCls($"ty_test_{n++}", program);
            log.WriteLine($"{loaded.Name}: {program.Length} instructions loaded in {clock.Elapsed.TotalMilliseconds:F2} ms, id {loaded.Id}");
            Assert.False(loaded.Handle.IsInvalid);
            Assert.NotEqual(0u, loaded.Id);
        }
    }

    [Fact]
    public void A_refused_program_comes_back_with_errno_and_the_verifiers_words()
    {
        Root.Require();
        // return r0, never set: the verifier refuses reading an uninitialized register.
        var e = Assert.Throws<BpfLoadException>(() => BpfProgram.LoadSchedCls("ty_bad", [BpfInstruction.Exit()]));
        log.WriteLine(e.Message);
        Assert.Equal(LinuxErrno.EACCES, e.Errno);
        Assert.Contains("R0 !read_ok", e.VerifierLog);
        Assert.StartsWith("the kernel refused to load eBPF program ty_bad: Permission denied (verifier: ", e.Message);
    }
}
