using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Bench;

internal sealed class BenchGroup : CommandGroup
{
    public override string Name => "bench";
    public override string Summary => "measure Tapyard against iproute2 on this machine";
}
