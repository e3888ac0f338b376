using Tapyard.Cli.CommandLine;
using Tapyard.Linux.Errors;

namespace Tapyard.Cli.Tests.CommandLine;

/// <summary>Real commands (not mocks) registered only in the application tests' own registry.</summary>
internal sealed class EchoCommand : Command
{
    public override string Path => "thing echo";
    public override string Summary => "prints its arguments";
    public override string ArgumentsSynopsis => "WORD [WORD]";
    public override int MinArguments => 1;
    public override int MaxArguments => 2;
    public override IReadOnlyList<OptionSpec> Options { get; } = [OptionSpec.Value("prefix", "P", "printed first", 'p')];

    public override int Run(CommandContext context)
    {
        context.Output.WriteLine(string.Join(' ', new[] { context.Arguments.Value("prefix") }.Concat(context.Arguments.Positionals).OfType<string>()));
        return ExitCodes.Success;
    }
}

internal sealed class FailingCommand : Command
{
    public override string Path => "thing fail";
    public override string Summary => "fails like a kernel operation";

    public override int Run(CommandContext context) =>
        throw new TapyardLinuxException("lower device eth9 does not exist on node n1; create it or choose another link");
}

internal sealed class CrashingCommand : Command
{
    public override string Path => "thing crash";
    public override string Summary => "fails with an unexpected exception";

    public override int Run(CommandContext context) => throw new InvalidOperationException("the impossible happened");
}

internal sealed class TopCommand : Command
{
    public override string Path => "top";
    public override string Summary => "a leaf at the top level";
    public override int Run(CommandContext context) => ExitCodes.Success;
}
