using Tapyard.Cli.CommandLine;

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
