using Tapyard.Cli.CommandLine;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>`tapyard cluster modify [-N ..] [--mac-prefix P]`.</summary>
internal sealed class ClusterModifyCommand : Command
{
    public override string Path => "cluster modify";
    public override string Summary => "change the default NIC parameters (-N) or the MAC prefix";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.NicParams, ModelOptions.MacPrefix, ModelOptions.Hypervisor];

    public override int Run(CommandContext context)
    {
        string? nicParams = context.Arguments.Value(ModelOptions.NicParams.Name);
        string? macPrefix = context.Arguments.Value(ModelOptions.MacPrefix.Name);
        string? hypervisor = context.Arguments.Value(ModelOptions.Hypervisor.Name);
        if (nicParams is null && macPrefix is null && hypervisor is null)
            throw new UsageException($"nothing to change: give {ModelOptions.NicParams.Synopsis}, {ModelOptions.MacPrefix.Synopsis} or {ModelOptions.Hypervisor.Synopsis}");
        var parsed = nicParams is null ? null : NicParamsParser.Parse(nicParams);
        ConfigAccess.Change(context, state => ClusterOperations.Modify(state, parsed, macPrefix, hypervisor));
        return ExitCodes.Success;
    }
}
