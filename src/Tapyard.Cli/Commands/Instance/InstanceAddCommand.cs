using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Operations;

namespace Tapyard.Cli.Commands.Instance;

internal sealed class InstanceAddCommand : Command
{
    private static readonly OptionSpec Node = OptionSpec.Value("node", "N", "the node the instance runs on", 'n');
    private static readonly OptionSpec Vcpus = OptionSpec.Value("vcpus", "C", "virtual CPUs (default 1)");
    private static readonly OptionSpec Memory = OptionSpec.Value("memory", "MiB", "memory in MiB (default 256)");
    internal static readonly OptionSpec Net = OptionSpec.Value("net", "IDX:network=NET[,ip=pool|A.B.C.D][,mac=generate|M][,name=..][,vlan=..][,mvtap_mode=..]|IDX:mode=..,link=..",
        "a NIC, in Ganeti's --net syntax", repeatable: true);

    public override string Path => "instance add";
    public override string Summary => "add an instance with its NICs (MACs generated, ip=pool takes the first free address)";
    public override string Description =>
        """
        Example: tapyard instance add --node n1 --net 0:network=vtap-net,ip=pool inst1
                 tapyard instance add --node n1 --net 0:mode=macvtap,link=eth1,mvtap_mode=private inst2
        With network= the network's connection to the node's group sets mode and link (giving
        them is refused, as in Ganeti); vlan and mvtap_mode may still be given per NIC. An IP
        without network= must lie outside the networks connected to the node's group.
        Prints each NIC's index, MAC, IP, network, mode, link and mvtap_mode.
        """;
    public override IReadOnlyList<OptionSpec> Options { get; } = [Node, Vcpus, Memory, Net, ModelOptions.Hypervisor];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        var request = new InstanceAddRequest
        {
            Name = arguments.Positionals[0],
            Node = ModelOptions.Required(arguments, Node),
            Vcpus = arguments.Int(Vcpus.Name, 1, 1, 1024),
            MemoryMiB = arguments.Int(Memory.Name, 256, 1, 16 * 1024 * 1024),
            Nics = arguments.Values(Net.Name).Select(NicRequestParser.Parse).ToList(),
            Hypervisor = arguments.Value(ModelOptions.Hypervisor.Name),
        };
        var row = ConfigAccess.Change(context, state => InstanceRow.Of(state, InstanceOperations.Add(state, request)));
        NicSummary.Write(context.Output, row);
        return ExitCodes.Success;
    }
}
