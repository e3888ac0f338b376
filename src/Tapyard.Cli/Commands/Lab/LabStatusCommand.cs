using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;
using Tapyard.Lab;

namespace Tapyard.Cli.Commands.Lab;

internal sealed class LabStatusCommand : Command
{
    public override string Path => "lab status";
    public override string Summary => "show the lab: namespaces, uplinks, bridge ports, addresses, registered nodes, what is missing";

    public override string Description =>
        """
        State is absent, complete or half-built; a half-built lab lists what is missing. Exits 0 in
        every state: scripts read "state" from --output json. Needs root (it enters the namespaces).
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [LabOptions.Name, ListOptions.Output];

    public override int Run(CommandContext context)
    {
        var format = ListOptions.Format(context.Arguments);
        var status = LabOptions.Open(context).Status(LabOptions.NameOf(context));
        if (format == OutputFormat.Json)
            context.Output.WriteLine(JsonText.Serialize(LabStatusView.Json(status)));
        else
            LabStatusView.WriteText(context.Output, status);
        return ExitCodes.Success;
    }
}
