using Tapyard.Cli.CommandLine;
using Tapyard.Linux.Errors;

namespace Tapyard.Cli.Tests.CommandLine;

/// <summary>A real command (not a mock) registered only in the application tests' own registry.</summary>
internal sealed class FailingCommand : Command
{
    public override string Path => "thing fail";
    public override string Summary => "fails like a kernel operation";

    public override int Run(CommandContext context) =>
        throw new TapyardLinuxException("lower device eth9 does not exist on node n1; create it or choose another link");
}
