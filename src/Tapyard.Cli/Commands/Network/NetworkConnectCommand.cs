using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkConnectCommand : Command
{
    private static readonly OptionSpec NoConflictsCheck = OptionSpec.Flag("no-conflicts-check",
        "connect even when instances of the group already use addresses of the network");

    public override string Path => "network connect";
    public override string Summary => "connect a network to node groups with the NIC parameters its NICs get there";
    public override string Description =>
        """
        Example (the MacVTap design): tapyard network connect -N mode=macvtap,link=eth0,mvtap_mode=bridge vtap-net vtap_group
        -N is required: Tapyard does not guess a mode and link as Ganeti silently does.
        """;
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.NicParams, NoConflictsCheck];
    public override string ArgumentsSynopsis => "NETWORK GROUP..";
    public override int MinArguments => 2;
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var nicParams = NicParamsParser.Parse(ModelOptions.Required(arguments, ModelOptions.NicParams));
        bool checkConflicts = !arguments.Has(NoConflictsCheck.Name);
        string network = arguments.Positionals[0];
        var groups = arguments.Positionals.Skip(1).ToList();
        ConfigAccess.Change(context, state =>
        {
            foreach (string group in groups)
                NetworkOperations.Connect(state, network, group, nicParams, checkConflicts);
        });
        return ExitCodes.Success;
    }
}
