using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Node;

internal sealed class NodeListCommand : Command
{
    public override string Path => "node list";
    public override string Summary => "list nodes: group, lab namespace, instance count";
    public override string Description => "Fields (-o): name, group, netns, pip*, pinst_cnt, pinst_list*, uuid*, serial_no*. (*: not shown unless chosen.)";
    public override IReadOnlyList<OptionSpec> Options { get; } = ListOptions.All;
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        ListOptions.Format(context.Arguments);
        ListPrinter.Choose(NodeFields.All, context.Arguments.Value(ListOptions.Fields.Name));
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        foreach (string name in names)
            state.GetNode(name);
        var rows = NodeRow.From(state).Where(r => names.Count == 0 || names.Contains(r.Name)).ToList();
        BufferedOutput.Write(context.Output, output => ListPrinter.Print(context, output, rows, NodeFields.All, TableStyle.Ganeti));
        return ExitCodes.Success;
    }
}
