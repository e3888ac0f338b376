using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;
using Tapyard.Linux;
using Tapyard.Linux.Namespaces;

namespace Tapyard.Cli.Commands.Host;

/// <summary>`tapyard host links`: the Tapyard-relevant view of a host's (or a namespace's) links.</summary>
internal sealed class HostLinksCommand : Command
{
    private static readonly OptionSpec Netns = OptionSpec.Value("netns", "NS", "read the links of network namespace NS (under /run/netns)", 'n');
    private static readonly OptionSpec Kind = OptionSpec.Value("kind", "K", "only links of kind K (macvtap, macvlan, veth, bridge, vlan, tun)");

    public override string Path => "host links";
    public override string Summary => "list the host's links: kind, macvtap mode, lower device, MAC, MTU, state, queues";

    public override string Description =>
        """
        Fields (-o): name, index, kind, mode, lower, lower_index*, lower_netnsid*, mac, mtu, state,
        admin_up*, queues (tx/rx), master, vlan, group. (*: not shown unless chosen.)
        A lower device in another namespace shows as @ifN, as in iproute2.
        --output json prints every field of every link as an array of objects.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Netns, Kind, .. ListOptions.All];

    public override int Run(CommandContext context)
    {
        string? netns = context.Arguments.Value(Netns.Name);
        // Choices are checked before touching the kernel, so a typo is a usage error even without root.
        ListOptions.Format(context.Arguments);
        ListPrinter.Choose(HostLinkFields.All, context.Arguments.Value(ListOptions.Fields.Name));

        using var ns = netns is null ? null : NetworkNamespace.Open(netns);
        using var rtnetlink = Rtnetlink.Open(ns);
        var rows = HostLinkRows.From(rtnetlink.Links.List(), context.Arguments.Value(Kind.Name));
        ListPrinter.Print(context, rows, HostLinkFields.All);
        return ExitCodes.Success;
    }
}
