using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkInfoCommand : Command
{
    public override string Path => "network info";
    public override string Summary => "show networks as gnt-network info does: pool usage map, reservations, groups, instances";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.Output];
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        var format = ListOptions.Format(context.Arguments);
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        // Unlike Ganeti (which prints nothing and exits 0), an unknown name is an error.
        var networks = names.Count == 0
            ? state.Config.Networks.Values.ToList()
            : names.Distinct().Select(state.GetNetwork).ToList();
        var views = NetworkViews.Of(state, networks);
        if (format == OutputFormat.Json)
        {
            context.Output.WriteLine(JsonText.Serialize(views.Select(NetworkInfoText.ToJson).ToList()));
            return ExitCodes.Success;
        }
        // Ganeti prints in the order the names were given; without names, in natural order.
        var byName = views.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var ordered = names.Count == 0 ? views : names.Distinct().Select(n => byName[n]).ToList();
        BufferedOutput.Write(context.Output, output =>
        {
            foreach (var view in ordered)
                NetworkInfoText.Write(output, view);
        });
        return ExitCodes.Success;
    }
}
