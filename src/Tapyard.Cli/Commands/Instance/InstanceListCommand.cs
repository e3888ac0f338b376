using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceListCommand : Command
{
    public override string Path => "instance list";
    public override string Summary => "list instances with their NICs, as gnt-instance list does";
    public override string Description =>
        """
        Fields (-o): name, pnode, status, nic.ips, nic.networks.names, nic.modes, nic.links, nic.mvtap_modes, nic.macs
        (the default), nic.vlans, nic.names, nic.count, nics, vcpus, memory, group, uuid, serial_no.
        """;
    public override IReadOnlyList<OptionSpec> Options { get; } = [.. ListOptions.All, InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        ListOptions.Format(context.Arguments);
        ListPrinter.Choose(InstanceFields.All, context.Arguments.Value(ListOptions.Fields.Name));
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        var instances = names.Count == 0
            ? state.Config.Instances.Values.ToList()
            : names.Distinct().Select(state.GetInstance).ToList();
        BufferedOutput.Write(context.Output, output => ListPrinter.Print(context, output, InstanceRow.Of(state, instances, InstanceDriver.Choose(context)), InstanceFields.All, TableStyle.Ganeti));
        return ExitCodes.Success;
    }
}
