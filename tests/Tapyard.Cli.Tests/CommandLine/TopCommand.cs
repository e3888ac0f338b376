using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Tests.CommandLine;

/// <summary>A real command (not a mock) registered only in the application tests' own registry.</summary>
internal sealed class TopCommand : Command
{
    public override string Path => "top";
    public override string Summary => "a leaf at the top level";
    public override int Run(CommandContext context) => ExitCodes.Success;
}
