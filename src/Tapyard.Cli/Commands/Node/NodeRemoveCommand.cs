using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Node;

internal sealed class NodeRemoveCommand : Command
{
    public override string Path => "node remove";
    public override string Summary => "remove a node without instances";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Change(context, state => NodeOperations.Remove(state, name));
        return ExitCodes.Success;
    }
}
