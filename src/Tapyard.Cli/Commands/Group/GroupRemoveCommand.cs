using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Group;

internal sealed class GroupRemoveCommand : Command
{
    public override string Path => "group remove";
    public override string Summary => "remove an empty node group (no nodes, no connected networks)";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Change(context, state => GroupOperations.Remove(state, name));
        return ExitCodes.Success;
    }
}
