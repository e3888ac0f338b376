using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>`tapyard cluster info [--output json]`.</summary>
internal sealed class ClusterInfoCommand : Command
{
    public override string Path => "cluster info";
    public override string Summary => "show the cluster: name, serials, MAC prefix, default NIC parameters, counts";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.Output];

    public override int Run(CommandContext context)
    {
        var format = ListOptions.Format(context.Arguments);
        var state = ConfigAccess.Read(context);
        if (format == OutputFormat.Json)
            context.Output.WriteLine(JsonText.Serialize(ClusterInfoText.ToJson(state.Config)));
        else
            ClusterInfoText.Write(context.Output, state.Config);
        return ExitCodes.Success;
    }
}
