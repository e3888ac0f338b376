using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Network;

internal sealed class NetworkModifyCommand : Command
{
    private static readonly OptionSpec RemoveReserved = OptionSpec.Value("remove-reserved-ips", "IP,..", "addresses to give back to the pool");
    private static readonly OptionSpec AddTags = OptionSpec.Value("add-tags", "TAG,..", "tags to add");
    private static readonly OptionSpec RemoveTags = OptionSpec.Value("remove-tags", "TAG,..", "tags to remove");

    public override string Path => "network modify";
    public override string Summary => "change a network's gateway, IPv6 subnet, MAC prefix, reserved addresses or tags ('none' clears)";
    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        NetworkAddCommand.Gateway, NetworkAddCommand.Subnet6, NetworkAddCommand.Gateway6, ModelOptions.MacPrefix,
        NetworkAddCommand.AddReserved, RemoveReserved, AddTags, RemoveTags,
    ];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        if (!Options.Any(o => arguments.Has(o.Name)))
            throw new UsageException($"nothing to change: give at least one of {string.Join(", ", Options.Select(o => "--" + o.Name))}");
        var request = new NetworkModifyRequest
        {
            Name = arguments.Positionals[0],
            Gateway = arguments.Value(NetworkAddCommand.Gateway.Name),
            Network6 = arguments.Value(NetworkAddCommand.Subnet6.Name),
            Gateway6 = arguments.Value(NetworkAddCommand.Gateway6.Name),
            MacPrefix = arguments.Value(ModelOptions.MacPrefix.Name),
            AddReservedIps = ModelOptions.CommaList(arguments.Value(NetworkAddCommand.AddReserved.Name)),
            RemoveReservedIps = ModelOptions.CommaList(arguments.Value(RemoveReserved.Name)),
            AddTags = ModelOptions.CommaList(arguments.Value(AddTags.Name)),
            RemoveTags = ModelOptions.CommaList(arguments.Value(RemoveTags.Name)),
        };
        ConfigAccess.Change(context, state => NetworkOperations.Modify(state, request));
        return ExitCodes.Success;
    }
}
