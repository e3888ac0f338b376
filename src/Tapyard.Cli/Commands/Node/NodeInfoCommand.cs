using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Node;

internal sealed class NodeInfoCommand : Command
{
    public override string Path => "node info";
    public override string Summary => "show nodes: group, lab namespace, primary instances";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.Output];
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        var format = ListOptions.Format(context.Arguments);
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        foreach (string name in names)
            state.GetNode(name);
        var rows = NodeRow.From(state).Where(r => names.Count == 0 || names.Contains(r.Name)).ToList();
        if (format == OutputFormat.Json)
            context.Output.WriteLine(JsonText.Serialize(rows.Select(r => r.ToJson()).ToList()));
        else
            BufferedOutput.Write(context.Output, output => rows.ForEach(r => r.WriteInfo(output)));
        return ExitCodes.Success;
    }
}
