using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkCommandGroup : CommandGroup
{
    public override string Name => "network";
    public override string Summary => "networks: subnets with address pools, connected to node groups (gnt-network)";
}
