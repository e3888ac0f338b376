using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;
using Tapyard.Node;
using Tapyard.Node.Verify;

namespace Tapyard.Cli.Commands.Node;

/// <summary>`tapyard node verify`: stale devices and records, duplicate MACs, missing network links, per node.</summary>
internal sealed class NodeVerifyCommand : Command
{
    private static readonly OptionSpec Fix = OptionSpec.Flag("fix", "delete orphan devices (one bulk delete) and remove stale records and empty reservations");
    private static readonly OptionSpec RunDir = Instance.InstanceDriver.RunDir;

    public override string Path => "node verify";
    public override string Summary => "check nodes for stale devices and records, duplicate MACs, missing network links";
    public override string ArgumentsSynopsis => "[NODE..]";
    public override int MaxArguments => int.MaxValue;

    public override string Description =>
        """
        With one netlink dump of each node (a lab node: its namespace) and the node's records
        (<run>/nics/<node>/), lists one row per finding:
          orphan_device          a vtap* macvtap without a live record (same name and ifindex)
          record_without_device  a record whose device is gone
          empty_reservation      an empty record file: a plug crashed before making the device
          duplicate_mac          macvtaps sharing a MAC on one lower device
          missing_network_link   a network connected to the node's group whose link is missing
          unused_vlan            a VLAN sub-interface nothing is stacked on, not a bridge port
          corrupt_record         a record file that cannot be read; its device is left alone
        --fix deletes the orphan devices in one bulk delete and removes the stale records and
        reservations; it never touches any other device. Duplicate MACs are fixed only when
        deleting orphans leaves one holder; missing links and unused VLANs are for an admin.
        --fix leaves records and reservations younger than 30 s alone: a plug may be between
        writing its record and creating its device.
        With no NODE, every node in the config is checked.
        Exit status: 0 when nothing is left to fix (after --fix: everything found was fixed),
        1 when anomalies remain, 2 for a usage error.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Fix, RunDir, .. ListOptions.All];

    public override int Run(CommandContext context)
    {
        ListOptions.Format(context.Arguments);
        ListPrinter.Choose(VerifyFields.All, context.Arguments.Value(ListOptions.Fields.Name));
        var state = ConfigAccess.Read(context);
        var names = context.Arguments.Positionals;
        var nodes = names.Count == 0
            ? state.Config.Nodes.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToList()
            : names.Select(state.GetNode).ToList();
        bool fix = context.Arguments.Has(Fix.Name);
        string? runDir = context.Arguments.Value(RunDir.Name);

        var rows = new List<VerifyRow>();
        bool clean = true;
        foreach (var node in nodes)
        {
            using var nics = NodeNics.Open(node, runDir);
            var result = nics.Verify(NodeVerifier.ConnectedLinks(state, node), fix);
            clean &= result.Clean;
            rows.AddRange(result.Findings.Select(f => new VerifyRow(node.Name, f)));
        }
        ListPrinter.Print(context, rows, VerifyFields.All);
        if (rows.Count == 0)
            context.Error.WriteLine($"node verify: {string.Join(", ", nodes.Select(n => n.Name))}: nothing to report");
        return clean ? ExitCodes.Success : ExitCodes.OperationFailed;
    }
}
