using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Bench;

internal sealed class BenchGroup : CommandGroup
{
    public override string Name => "bench";
    public override string Summary => "measure Tapyard on this machine, against iproute2, QEMU by hand, libvirt and virsh";
}
