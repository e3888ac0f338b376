using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceCommandGroup : CommandGroup
{
    public override string Name => "instance";
    public override string Summary => "instances (KVM guests) and their NICs (gnt-instance)";
}
