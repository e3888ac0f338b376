using Tapyard.Cli.CommandLine;

namespace Tapyard.Cli.Commands.Lab;

internal sealed class LabDownCommand : Command
{
    public override string Path => "lab down";
    public override string Summary => "remove the lab: its namespaces, devices and the nodes it registered";

    public override string Description =>
        """
        Removes the nodes 'lab up' added to the config (refused, removing nothing, while instances use
        them), then every namespace named after the lab, with their devices, then the lab's record.
        Works on a half-built lab too. The cluster itself is kept. Needs root.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [LabOptions.Name];

    public override int Run(CommandContext context)
    {
        LabOptions.Open(context).Down(LabOptions.NameOf(context));
        return ExitCodes.Success;
    }
}
