using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceRemoveCommand : Command
{
    public override string Path => "instance remove";
    public override string Summary => "remove an instance; its addresses go back to their pools";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        string name = context.Arguments.Positionals[0];
        ConfigAccess.Change(context, state => InstanceOperations.Remove(state, name));
        return ExitCodes.Success;
    }
}
