using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Vif;

internal sealed class VifGroup : CommandGroup
{
    public override string Name => "vif";
    public override string Summary => "Nova-style VIFs: plug and unplug one port's host device";
}
