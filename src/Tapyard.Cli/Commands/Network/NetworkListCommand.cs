using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkListCommand : Command
{
    public override string Path => "network list";
    public override string Summary => "list networks as gnt-network list does";
    public override string Description =>
        """
        Fields (-o): name, network, gateway, mac_prefix, group_list, tags (the default), network6, gateway6,
        free_count, reserved_count, map, group_cnt, inst_cnt, inst_list (or instances), external_reservations,
        uuid, serial_no. GroupList reads "group (mode, link, vlan)", and "group (macvtap, link, vlan, mvtap_mode)"
        for macvtap. --output json prints every field (or those chosen with -o) of each network.
        """;
    public override IReadOnlyList<OptionSpec> Options { get; } = ListOptions.All;
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var format = ListOptions.Format(arguments);
        string? selection = NetworkFields.Canonical(arguments.Value(ListOptions.Fields.Name));
        var chosen = ListPrinter.Choose(NetworkFields.All, selection);

        var state = ConfigAccess.Read(context);
        var names = arguments.Positionals;
        var networks = names.Count == 0
            ? state.Config.Networks.Values.ToList()
            : names.Distinct().Select(state.GetNetwork).ToList();
        var views = NetworkViews.Of(state, networks);

        if (format == OutputFormat.Json)
            context.Output.WriteLine(ListPrinter.ToJson(views, selection is null ? NetworkFields.JsonDefault : chosen));
        else
            BufferedOutput.Write(context.Output, output => ListPrinter.WriteTable(output, views, chosen,
                !arguments.Has(ListOptions.NoHeaders.Name), arguments.Value(ListOptions.Separator.Name), TableStyle.Ganeti));
        return ExitCodes.Success;
    }
}
