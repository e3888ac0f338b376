using Tapyard.Cli.CommandLine;
using Tapyard.Core.Nics;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Cluster;

/// <summary>`tapyard cluster init [--mac-prefix P] [-N ..] [NAME]`: the first config, with the node group "default".</summary>
internal sealed class ClusterInitCommand : Command
{
    public override string Path => "cluster init";
    public override string Summary => "create the cluster: MAC prefix, default NIC parameters, node group 'default'";
    public override IReadOnlyList<OptionSpec> Options { get; } = [ModelOptions.MacPrefix, ModelOptions.NicParams, ModelOptions.Hypervisor];
    public override string ArgumentsSynopsis => "[NAME]";
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var request = new ClusterInitRequest
        {
            MacPrefix = arguments.Value(ModelOptions.MacPrefix.Name) ?? ClusterInitRequest.DefaultMacPrefix,
            NicParams = arguments.Value(ModelOptions.NicParams.Name) is { } text ? NicParamsParser.Parse(text) : NicParams.Empty,
            Hypervisor = arguments.Value(ModelOptions.Hypervisor.Name),
        };
        if (arguments.Positionals.Count == 1)
            request = request with { Name = arguments.Positionals[0] };
        ConfigAccess.Initialize(context, () => ClusterOperations.Init(request));
        return ExitCodes.Success;
    }
}
