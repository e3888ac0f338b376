using Tapyard.Cli.CommandLine;
using Tapyard.Lab;

namespace Tapyard.Cli.Commands.Lab;

internal sealed class LabUpCommand : Command
{
    private static readonly OptionSpec Nodes = OptionSpec.Value("nodes", "N", $"how many node namespaces (1-{LabLayout.MaxNodes}; default {LabLayout.DefaultNodes})");

    public override string Path => "lab up";
    public override string Summary => "build the lab and register its nodes in the config";

    public override string Description =>
        $"""
        Creates namespace NAME-switch with bridge {LabLayout.Bridge}; N node namespaces NAME-n1..NAME-nN, each
        with a veth uplink {LabLayout.Uplink} at 192.0.2.K/{LabLayout.NodePrefixLength} (the node's primary IP) whose peer
        n1..nN is a port of {LabLayout.Bridge} (hairpin on); and NAME-outside, a host on the switch at
        {LabLayout.OutsideAddress}/{LabLayout.OutsidePrefixLength} to ping. The nodes are added to the config as
        'node add --group default --netns NAME-nK --primary-ip 192.0.2.K NAME-nK' (the cluster is
        initialized first when there is none). What was made is recorded in STATE_DIR/lab/NAME.json.
        On a complete lab of the same size it does nothing and exits 0. On a half-built one (a crash,
        a namespace deleted by hand) it refuses, naming what is missing: run 'tapyard lab down' first.
        Needs root.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Nodes, LabOptions.Name];

    public override int Run(CommandContext context)
    {
        int? nodes = context.Arguments.Has(Nodes.Name) ? context.Arguments.Int(Nodes.Name, LabLayout.DefaultNodes, 1, LabLayout.MaxNodes) : null;
        LabOptions.Open(context).Up(LabOptions.NameOf(context), nodes);
        return ExitCodes.Success;
    }
}
