using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkAddCommand : Command
{
    internal static readonly OptionSpec Subnet = OptionSpec.Value("network", "CIDR", "the IPv4 subnet, /30 up to /8");
    internal static readonly OptionSpec Gateway = OptionSpec.Value("gateway", "IP", "the IPv4 gateway (reserved in the pool)");
    internal static readonly OptionSpec Subnet6 = OptionSpec.Value("network6", "CIDR", "the IPv6 subnet");
    internal static readonly OptionSpec Gateway6 = OptionSpec.Value("gateway6", "IP", "the IPv6 gateway");
    internal static readonly OptionSpec AddReserved = OptionSpec.Value("add-reserved-ips", "IP,..", "addresses to keep out of the pool");
    internal static readonly OptionSpec Tags = OptionSpec.Value("tags", "TAG,..", "tags of the network");

    public override string Path => "network add";
    public override string Summary => "add a network: subnet, gateway, MAC prefix, reserved addresses";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Subnet, Gateway, Subnet6, Gateway6, ModelOptions.MacPrefix, AddReserved, Tags];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var request = new NetworkAddRequest
        {
            Name = arguments.Positionals[0],
            Network = arguments.Value(Subnet.Name),
            Gateway = arguments.Value(Gateway.Name),
            Network6 = arguments.Value(Subnet6.Name),
            Gateway6 = arguments.Value(Gateway6.Name),
            MacPrefix = arguments.Value(ModelOptions.MacPrefix.Name),
            AddReservedIps = ModelOptions.CommaList(arguments.Value(AddReserved.Name)),
            Tags = ModelOptions.CommaList(arguments.Value(Tags.Name)),
        };
        ConfigAccess.Change(context, state => NetworkOperations.Add(state, request));
        return ExitCodes.Success;
    }
}
