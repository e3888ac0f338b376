using Tapyard.Core.Errors;
using Tapyard.Node.Programs;

namespace Tapyard.Node.Tests;

/// <summary>The node's helper-program errors (nft, ovs-vsctl), with stand-ins every Linux has.</summary>
public sealed class ExternalProgramTests
{
    [Fact]
    public void Output_comes_back_and_input_goes_in()
    {
        Assert.Equal("table x\n", ExternalProgram.Run("cat", [], "table x\n"));
    }

    [Fact]
    public void A_failure_names_the_program_its_exit_code_and_its_error_output()
    {
        var e = Assert.Throws<TapyardException>(() => ExternalProgram.Run("/bin/sh", ["-c", "echo 'Error: no such table' >&2; exit 2"]));
        Assert.Equal("/bin/sh -c echo 'Error: no such table' >&2; exit 2 failed (exit 2): Error: no such table", e.Message);
    }

    [Fact]
    public void An_exit_code_that_is_an_answer_is_returned()
    {
        Assert.Equal(2, ExternalProgram.Start("/bin/sh", ["-c", "exit 2"]).ExitCode);
    }

    [Fact]
    public void A_missing_program_names_its_package()
    {
        var e = Assert.Throws<TapyardException>(() => ExternalProgram.Run("/nonexistent-ty/nft", ["list", "tables"]));
        Assert.Equal("cannot run /nonexistent-ty/nft: program /nonexistent-ty/nft was not found; install the Debian package nftables (apt-get install nftables)", e.Message);
    }
}
