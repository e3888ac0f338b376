using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Group;

internal sealed class GroupListCommand : Command
{
    public override string Path => "group list";
    public override string Summary => "list node groups: nodes, instances, connected networks";
    public override string Description => "Fields (-o): name, node_cnt, pinst_cnt, networks, node_list*, uuid*, serial_no*. (*: not shown unless chosen.)";
    public override IReadOnlyList<OptionSpec> Options { get; } = ListOptions.All;
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        ListOptions.Format(context.Arguments);
        ListPrinter.Choose(GroupFields.All, context.Arguments.Value(ListOptions.Fields.Name));
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        foreach (string name in names)
            state.GetGroup(name);
        var rows = GroupRow.From(state).Where(r => names.Count == 0 || names.Contains(r.Name)).ToList();
        BufferedOutput.Write(context.Output, output => ListPrinter.Print(context, output, rows, GroupFields.All, TableStyle.Ganeti));
        return ExitCodes.Success;
    }
}
