using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceModifyCommand : Command
{
    private static readonly OptionSpec Net = OptionSpec.Value("net", "add:network=NET[,ip=..][,mac=..]|add:mode=..,link=..|remove:IDX",
        "add a NIC or remove the NIC at IDX (its address goes back to the pool)", repeatable: true);

    public override string Path => "instance modify";
    public override string Summary => "add or remove NICs of an instance";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Net];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var nets = context.Arguments.Values(Net.Name);
        if (nets.Count == 0)
            throw new UsageException($"nothing to change: give {Net.Synopsis}");
        var request = new InstanceModifyRequest
        {
            Name = context.Arguments.Positionals[0],
            Nics = nets.Select(NicRequestParser.Parse).ToList(),
        };
        var row = ConfigAccess.Change(context, state =>
        {
            InstanceOperations.Modify(state, request);
            return InstanceRow.Of(state, state.GetInstance(request.Name));
        });
        NicSummary.Write(context.Output, row);
        return ExitCodes.Success;
    }
}
