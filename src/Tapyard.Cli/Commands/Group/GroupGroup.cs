using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Group;

internal sealed class GroupGroup : CommandGroup
{
    public override string Name => "group";
    public override string Summary => "node groups: the networks connected to a group give its NICs their parameters";
}
