using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Lab;

internal sealed class LabCommandGroup : CommandGroup
{
    public override string Name => "lab";
    public override string Summary => "a test-and-demo world: a switch namespace, node namespaces and an outside host";
}
