using System.Diagnostics;
using System.Text;
using Tapyard.Linux.Errors;
using Tapyard.Linux.Processes;

namespace Tapyard.Linux.Tests.Processes;

/// <summary>ProgramRunner with programs every Linux has; `sh -c` here only builds test programs (sleepers, writers).</summary>
public sealed class ProgramRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new("runner");

    public void Dispose() => _dir.Dispose();

    private static ProgramResult Shell(string script, TimeSpan? timeout = null, string? input = null) =>
        ProgramRunner.Run(new ProgramInvocation { Program = "/bin/sh", Arguments = ["-c", script], Input = input, Timeout = timeout ?? ProgramInvocation.DefaultTimeout });

    [Fact]
    public void Exit_codes_are_reported()
    {
        var ok = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/true" });
        var failed = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/false" });
        Assert.Equal((0, true, false), (ok.ExitCode, ok.Succeeded, ok.TimedOut));
        Assert.Equal((1, false, false), (failed.ExitCode, failed.Succeeded, failed.TimedOut));
        Assert.Equal(42, Shell("exit 42").ExitCode);
    }

    [Fact]
    public void Both_streams_are_captured_apart()
    {
        var result = Shell("echo out; echo err >&2; echo more out; exit 3");
        Assert.Equal("out\nmore out\n", result.Output);
        Assert.Equal("err\n", result.Error);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public void Arguments_reach_the_program_as_given_with_no_shell_in_between()
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/echo", Arguments = ["a  b", "$HOME", ";", "*", "'q'"] });
        Assert.Equal("a  b $HOME ; * 'q'\n", result.Output);
    }

    [Fact]
    public void A_program_is_found_on_PATH_and_speaks_untranslated()
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "sh", Arguments = ["-c", "echo $LC_ALL"] });
        Assert.Equal("C\n", result.Output);
    }

    [Fact]
    public void More_than_a_megabyte_on_stderr_does_not_stall_it()
    {
        // A pipe holds 64 KiB: a runner that read stdout to its end before stderr would wait forever here.
        var result = Shell("head -c 2000000 /dev/zero | tr '\\0' x >&2; echo done", TimeSpan.FromSeconds(60));
        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("done\n", result.Output);
        Assert.Equal(2_000_000, result.Error.Length);
        Assert.All(result.Error, c => Assert.Equal('x', c));
    }

    [Fact]
    public void Input_is_fed_while_output_is_read()
    {
        // 2 MB through cat: both directions fill their pipes at once, so feeding and reading must overlap.
        string input = string.Concat(Enumerable.Repeat("line of input é\n", 125_000));
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "cat", Input = input, Timeout = TimeSpan.FromSeconds(60) });
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(input, result.Output);
    }

    [Fact]
    public void Without_input_stdin_is_at_end_of_file()
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "cat", Timeout = TimeSpan.FromSeconds(10) });
        Assert.Equal((0, "", false), (result.ExitCode, result.Output, result.TimedOut));
    }

    [Fact]
    public void Input_a_program_does_not_read_is_no_error()
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/true", Input = new string('x', 1_000_000) });
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void At_the_time_limit_the_program_is_killed_and_the_result_says_so()
    {
        var clock = Stopwatch.StartNew();
        // exec: the sleep keeps the shell's PID, the one the runner started and kills.
        var result = Shell("echo $$; exec sleep 60", TimeSpan.FromMilliseconds(500));
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        int pid = int.Parse(result.Output.Trim());
        Assert.Null(ProcessIdentity.TryOf(pid));
    }

    [Fact]
    public void A_background_process_holding_the_output_open_does_not_stretch_the_limit()
    {
        var clock = Stopwatch.StartNew();
        var result = Shell("sleep 60 & echo $!", TimeSpan.FromSeconds(1));
        int sleeper = int.Parse(result.Output.Trim());
        try
        {
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
            // The shell itself exited at once: its exit code is known, but its output did not end in time.
            Assert.Equal(0, result.ExitCode);
            Assert.True(result.TimedOut);
        }
        finally
        {
            ProcessIdentity.TryOf(sleeper)?.Signal(LinuxSignal.Kill);
        }
    }

    [Fact]
    public void Stdout_can_go_to_a_stream_as_bytes()
    {
        using var sink = new MemoryStream();
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/sh", Arguments = ["-c", "printf 'a\\0b\\377'"], OutputTo = sink });
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("", result.Output);
        Assert.Equal(new byte[] { (byte)'a', 0, (byte)'b', 0xff }, sink.ToArray());
    }

    [Fact]
    public void A_stream_that_refuses_the_output_is_that_error_not_a_result()
    {
        using var readOnly = new MemoryStream([], writable: false);
        Assert.Throws<NotSupportedException>(() => ProgramRunner.Run(new ProgramInvocation { Program = "/bin/echo", Arguments = ["hi"], OutputTo = readOnly }));
    }

    [Fact]
    public void It_runs_in_the_given_working_directory()
    {
        var result = ProgramRunner.Run(new ProgramInvocation { Program = "/bin/pwd", WorkingDirectory = _dir.Path });
        Assert.Equal(_dir.Path + "\n", result.Output);
    }

    [Fact]
    public void A_missing_program_is_a_typed_error_naming_the_package()
    {
        var e = Assert.Throws<ProgramNotFoundException>(() => ProgramRunner.Run(new ProgramInvocation { Program = "no-such-program-ty", Package = "ty-tools" }));
        Assert.Equal("program no-such-program-ty was not found; install the Debian package ty-tools (apt-get install ty-tools)", e.Message);
        Assert.Equal("no-such-program-ty", e.Program);
        var absent = _dir.File("absent");
        var byPath = Assert.Throws<ProgramNotFoundException>(() => ProgramRunner.Run(new ProgramInvocation { Program = absent }));
        Assert.Equal($"program {absent} was not found", byPath.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_executed_is_a_spawn_failure()
    {
        string file = _dir.File("not-executable");
        File.WriteAllText(file, "#!/bin/sh\n");
        var e = Assert.Throws<SpawnFailedException>(() => ProgramRunner.Run(new ProgramInvocation { Program = file }));
        Assert.StartsWith($"starting {file} failed: ", e.Message);
    }

    [Fact]
    public void A_time_limit_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgramRunner.Run(new ProgramInvocation { Program = "/bin/true", Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public void The_invocation_describes_itself_with_its_first_arguments()
    {
        Assert.Equal("nft -f -", new ProgramInvocation { Program = "nft", Arguments = ["-f", "-"] }.ToString());
        Assert.Equal("tc", new ProgramInvocation { Program = "tc" }.ToString());
        Assert.Equal("p 1 2 3 4 5 6 ...", new ProgramInvocation { Program = "p", Arguments = ["1", "2", "3", "4", "5", "6", "7"] }.ToString());
    }
}
