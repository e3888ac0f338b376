using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Host;

internal sealed class HostGroup : CommandGroup
{
    public override string Name => "host";
    public override string Summary => "this machine's own devices, as the kernel sees them";
}
