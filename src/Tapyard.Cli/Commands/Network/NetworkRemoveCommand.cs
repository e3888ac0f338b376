using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkRemoveCommand : Command
{
    public override string Path => "network remove";
    public override string Summary => "remove a network that no group is connected to and no NIC uses";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Change(context, state => NetworkOperations.Remove(state, name));
        return ExitCodes.Success;
    }
}
