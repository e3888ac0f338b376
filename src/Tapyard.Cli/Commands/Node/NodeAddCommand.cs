using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Node;

internal sealed class NodeAddCommand : Command
{
    private static readonly OptionSpec Group = OptionSpec.Value("group", "G", "the node group the node joins (default: default)", 'g');
    private static readonly OptionSpec Netns = OptionSpec.Value("netns", "NS", "a lab node: the network namespace of this host it lives in");
    private static readonly OptionSpec PrimaryIp = OptionSpec.Value("primary-ip", "IP", "the node's own IPv4 address, where other nodes reach it (live migration)");

    public override string Path => "node add";
    public override string Summary => "add a node to a node group";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Group, Netns, PrimaryIp];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var request = new NodeAddRequest
        {
            Name = context.Arguments.Positionals[0],
            Group = context.Arguments.Value(Group.Name) ?? ClusterInitRequest.DefaultGroupName,
            Netns = context.Arguments.Value(Netns.Name),
            PrimaryIp = context.Arguments.Value(PrimaryIp.Name),
        };
        ConfigAccess.Change(context, state => NodeOperations.Add(state, request));
        return ExitCodes.Success;
    }
}
