using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceInfoCommand : Command
{
    public override string Path => "instance info";
    public override string Summary => "show instances: node, state, every NIC with its parameters (inherited ones marked)";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.Output, InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "[NAME..]";
    public override int MaxArguments => int.MaxValue;

    public override int Run(CommandContext context)
    {
        var format = ListOptions.Format(context.Arguments);
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        var driver = InstanceDriver.Choose(context);
        var rows = names.Count == 0
            ? InstanceRow.Of(state, state.Config.Instances.Values, driver)
            : names.Distinct().Select(n => InstanceRow.Of(state, state.GetInstance(n), driver)).ToList();
        if (format == OutputFormat.Json)
        {
            context.Output.WriteLine(JsonText.Serialize(rows.Select(r => r.ToJson()).ToList()));
            return ExitCodes.Success;
        }
        BufferedOutput.Write(context.Output, output =>
        {
            foreach (var row in rows)
                InstanceInfoText.Write(output, row);
        });
        return ExitCodes.Success;
    }
}
