using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkDisconnectCommand : Command
{
    public override string Path => "network disconnect";
    public override string Summary => "disconnect a network from node groups (refused while instances there use it)";
    public override string ArgumentsSynopsis => "NETWORK GROUP..";
    public override int MinArguments => 2;
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        string network = context.Arguments.Positionals[0];
        var groups = context.Arguments.Positionals.Skip(1).ToList();
        ConfigAccess.Change(context, state =>
        {
            foreach (string group in groups)
                NetworkOperations.Disconnect(state, network, group);
        });
        return ExitCodes.Success;
    }
}
