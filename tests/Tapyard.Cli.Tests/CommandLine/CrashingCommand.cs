using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Tests.CommandLine;

/// <summary>A real command (not a mock) registered only in the application tests' own registry.</summary>
internal sealed class CrashingCommand : Command
{
    public override string Path => "thing crash";
    public override string Summary => "fails with an unexpected exception";

    public override int Run(CommandContext context) => throw new InvalidOperationException("the impossible happened");
}
