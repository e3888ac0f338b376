using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Tests.Support;

namespace Tapyard.Cli.Tests.CommandLine;

public sealed class TapyardApplicationTests
{
    private static readonly TapyardApplication Application = new(new CommandRegistry()
        .Add(new EchoCommand()).Add(new FailingCommand()).Add(new CrashingCommand()).Add(new TopCommand()));

    private static CliResult Run(params string[] args) => TapyardCli.Run(Application, args);

    [Fact]
    public void Runs_the_command_named_by_noun_and_verb()
    {
        var result = Run("thing", "echo", "-p", ">", "hello", "world");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("> hello world\n", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void State_dir_before_the_command_is_handed_to_it_and_needs_a_value()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ty-cli-app-{Guid.NewGuid():N}");
        try
        {
            var init = TapyardCli.Run("--state-dir", dir, "cluster", "init");
            Assert.True(init.ExitCode == 0, init.ToString());
            Assert.True(File.Exists(Path.Combine(dir, "config.json")));
            Assert.Equal(0, TapyardCli.Run("--state-dir=" + dir, "cluster", "info").ExitCode);
            Assert.Equal(0, TapyardCli.Run("cluster", "info", "--state-dir", dir).ExitCode);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        var missing = TapyardCli.Run("--state-dir");
        Assert.Equal(ExitCodes.UsageError, missing.ExitCode);
        Assert.Contains("--state-dir needs a value", missing.Error);
    }

    [Fact]
    public void Runs_a_top_level_leaf()
    {
        Assert.Equal(0, Run("top").ExitCode);
    }

    [Fact]
    public void Operation_failure_is_one_line_on_stderr_naming_the_command_and_exit_1()
    {
        var result = Run("thing", "fail");
        Assert.Equal(ExitCodes.OperationFailed, result.ExitCode);
        Assert.Equal("tapyard thing fail: lower device eth9 does not exist on node n1; create it or choose another link\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Debug_adds_the_stack_trace_wherever_it_is_given()
    {
        foreach (var args in new[] { new[] { "--debug", "thing", "fail" }, ["thing", "fail", "--debug"] })
        {
            var result = Run(args);
            Assert.Equal(ExitCodes.OperationFailed, result.ExitCode);
            Assert.Contains("   at ", result.Error);
        }
    }

    [Fact]
    public void Unexpected_exception_is_still_one_line_without_debug()
    {
        var result = Run("thing", "crash");
        Assert.Equal(ExitCodes.OperationFailed, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("the impossible happened (InvalidOperationException; run with --debug for the stack trace)", result.Error);
    }

    [Theory]
    [InlineData("thing", "echo")]                           // missing argument
    [InlineData("thing", "echo", "a", "b", "c")]            // too many
    [InlineData("thing", "echo", "--nope", "a")]            // unknown option
    [InlineData("thing", "echo", "a", "--prefix")]          // missing value
    [InlineData("thing", "fail", "extra")]                  // takes no arguments
    [InlineData("thing")]                                   // noun without verb
    [InlineData("thing", "nope")]                           // unknown verb
    [InlineData("nope")]                                    // unknown noun
    [InlineData()]                                          // nothing at all
    [InlineData("--nope", "thing", "echo", "a")]            // unknown global option
    public void Usage_errors_exit_2_with_one_line_pointing_at_help(params string[] args)
    {
        var result = Run(args);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("--help", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Unknown_verb_lists_the_verbs_of_the_noun()
    {
        var result = Run("thing", "nope");
        Assert.Equal("tapyard thing: unknown command 'nope'; choose one of: crash, echo, fail (see 'tapyard thing --help')\n", result.Error);
    }

    [Fact]
    public void Help_for_a_command_shows_its_synopsis_and_options_and_exits_0()
    {
        var result = Run("thing", "echo", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: tapyard thing echo [-p|--prefix P] WORD [WORD]\n", result.Output);
        Assert.Contains("--debug", result.Output);
    }

    [Fact]
    public void Help_before_the_command_works_too()
    {
        var result = Run("-h", "thing", "echo");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: tapyard thing echo", result.Output);
    }

    [Fact]
    public void Help_for_a_noun_lists_its_verbs()
    {
        var result = Run("thing", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  echo   prints its arguments", result.Output);
        Assert.Contains("  crash  fails with an unexpected exception", result.Output);
    }

    [Fact]
    public void Help_after_double_dash_is_an_argument()
    {
        var result = Run("thing", "echo", "--", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("--help\n", result.Output);
    }

    [Fact]
    public void Two_commands_with_one_path_are_refused_at_registration()
    {
        Assert.Throws<InvalidOperationException>(() => new CommandRegistry().Add(new EchoCommand()).Add(new EchoCommand()));
    }

    [Fact]
    public void The_real_registry_finds_every_command_of_this_issue()
    {
        var paths = CommandRegistry.Discover().Commands.Select(c => c.Path).ToList();
        Assert.Contains("host links", paths);
        Assert.Contains("demo", paths);
        Assert.Contains("bench plug", paths);
    }

    [Fact]
    public void No_real_command_declares_an_option_twice_or_over_a_global_one()
    {
        foreach (var command in CommandRegistry.Discover().Commands)
            OptionParser.Parse([], command.Options.Concat(GlobalOptions.All)); // throws ArgumentException on a clash
    }

    [Fact]
    public void Every_real_command_has_help()
    {
        foreach (var command in CommandRegistry.Discover().Commands)
        {
            var result = TapyardCli.Run([.. command.Words, "--help"]);
            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith($"Usage: tapyard {command.Path}", result.Output);
        }
    }
}
