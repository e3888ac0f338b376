using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Node;

internal sealed class NodeCommandGroup : CommandGroup
{
    public override string Name => "node";
    public override string Summary => "nodes: the hosts (or lab namespaces) instances run on";
}
