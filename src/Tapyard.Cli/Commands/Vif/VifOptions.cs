using System.Globalization;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Nova;
using Tapyard.Linux.Namespaces;
using Tapyard.Node;
using Tapyard.Node.Hooks;

namespace Tapyard.Cli.Commands.Vif;

/// <summary>The options `vif plug` and `vif unplug` share, and how they reach the VIF and the node.</summary>
internal static class VifOptions
{
    public static readonly OptionSpec VifFile = OptionSpec.Value("vif", "FILE.json", "the VIF as Nova's network model writes it (id, address, type, details, ...)");
    public static readonly OptionSpec NodeName = OptionSpec.Value("node", "NODE", "a node from the config (a lab node: its namespace); default: this host");
    public static readonly OptionSpec RunDir = Instance.InstanceDriver.RunDir;

    public static readonly OptionSpec OvsDatabase = OptionSpec.Value("ovs-db", "DB", "ovs-vsctl's --db for ovs VIFs, e.g. unix:/run/ovs/db.sock (default: ovs-vsctl's own)");

    public static IReadOnlyList<OptionSpec> Common { get; } = [VifFile, NodeName, RunDir, OvsDatabase];

    public static readonly OptionSpec Queues = OptionSpec.Value("queues", "N", "virtio queue pairs (Nova: the flavor's vCPUs with hw_vif_multiqueue_enabled); default 1");

    /// <summary>--queues, 1..256 (the kernel's MAX_TAP_QUEUES); 1 when not given.</summary>
    public static int QueueCount(CommandContext context)
    {
        int queues = 1;
        if (context.Arguments.Value(Queues.Name) is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out queues) || queues is < 1 or > 256))
            throw new UsageException($"--queues '{text}' is not a queue count; use 1..256");
        return queues;
    }

    public static NovaVif Load(CommandContext context) =>
        NovaVif.Load(context.Arguments.Value(VifFile.Name) ?? throw new UsageException($"missing option {VifFile.Synopsis}"));

    /// <summary>
    /// The node's NICs with the state directory's hooks: --node from the config, else this host's own
    /// namespace, whose records are kept under the host name (no config needed).
    /// </summary>
    public static NodeNics OpenNics(CommandContext context)
    {
        string? runDir = context.Arguments.Value(RunDir.Name);
        string? ovsDatabase = context.Arguments.Value(OvsDatabase.Name);
        var nics = context.Arguments.Value(NodeName.Name) is { } name
            ? NodeNics.Open(ConfigAccess.Read(context).GetNode(name), runDir, ovsDatabase)
            : new NodeNics(Environment.MachineName, NetworkNamespace.Host, runDir, ovsDatabase);
        nics.Hooks = NicHooks.ForStateDirectory(StateDirectory.Resolve(context.Arguments.Value(GlobalOptions.StateDir.Name)),
            e => context.Error.WriteLine($"warning: {e.Message}; the device is removed anyway"));
        return nics;
    }
}
