using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Group;

internal sealed class GroupAddCommand : Command
{
    public override string Path => "group add";
    public override string Summary => "add a node group";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Change(context, state => GroupOperations.Add(state, name));
        return ExitCodes.Success;
    }
}
