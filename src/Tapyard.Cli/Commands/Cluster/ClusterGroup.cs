using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Cluster;

internal sealed class ClusterGroup : CommandGroup
{
    public override string Name => "cluster";
    public override string Summary => "the cluster: MAC prefix and default NIC parameters";
}
