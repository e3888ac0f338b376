using System.Globalization;
using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Cli.Output;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu.Migration;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>`tapyard instance migrate --target NODE NAME`: live migration of a running instance (gnt-instance migrate).</summary>
internal sealed class InstanceMigrateCommand : Command
{
    private static readonly OptionSpec Target = OptionSpec.Value("target", "NODE", "the node to move the instance to");

    public override string Path => "instance migrate";
    public override string Summary => "move a running instance to another node without stopping it (live migration)";
    public override IReadOnlyList<OptionSpec> Options { get; } = [Target, InstanceDriver.RunDir, ListOptions.Output];
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override string Description =>
        """
        First checks that every NIC's link (lower device or bridge) exists on the target node and
        refuses otherwise, changing nothing. Then plugs the NICs on the target DOWN, starts the
        incoming QEMU there, migrates over the nodes' network (the target node's IPv4 address),
        brings the target's NICs up and runs the guest there once QEMU has moved it, and finally
        stops the source QEMU and removes its devices on the source node. A failed migration leaves
        the guest running on the source and nothing on the target.
        Prints QEMU's total time and downtime, and Tapyard's switchover (NICs and resume).
        A libvirt instance (hypervisor=libvirt) moves the same way through the two nodes' libvirtds
        (virsh migrate --live, the target's domain XML naming the target's devices).
        """;

    public override int Run(CommandContext context)
    {
        var arguments = context.Arguments;
        string name = arguments.Positionals[0];
        string target = arguments.Value(Target.Name) ?? throw new UsageException($"give the node to migrate to: {Target.Synopsis}");
        bool json = ListOptions.Format(arguments) == OutputFormat.Json;
        var store = ConfigAccess.Open(context);
        var options = InstanceDriver.Options(context);
        var result = InstanceDriver.IsLibvirt(context, name)
            ? new LibvirtMigrator(store, InstanceDriver.LibvirtOptions(options)) { Progress = context.Error.WriteLine }.Migrate(name, target)
            : new QemuMigrator(store, options) { Progress = context.Error.WriteLine }.Migrate(name, target);
        foreach (string warning in result.Warnings)
            context.Error.WriteLine($"warning: {warning}");
        if (json)
        {
            context.Output.WriteLine(JsonText.Serialize(new JsonObject
            {
                { "instance", result.Instance }, { "source", result.SourceNode }, { "target", result.TargetNode }, { "uri", result.Uri },
                { "total_time_ms", (long)result.TotalTime.TotalMilliseconds }, { "downtime_ms", (long)result.Downtime.TotalMilliseconds },
                { "switchover_ms", Math.Round(result.Switchover.TotalMilliseconds, 1) }, { "elapsed_ms", (long)result.Elapsed.TotalMilliseconds },
                { "ram_transferred_bytes", result.RamTransferredBytes }, { "warnings", result.Warnings },
            }));
        }
        else
        {
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"instance {result.Instance} migrated from {result.SourceNode} to {result.TargetNode}: total {result.TotalTime.TotalMilliseconds:0} ms, "
                + $"downtime {result.Downtime.TotalMilliseconds:0} ms, switchover {result.Switchover.TotalMilliseconds:0.0} ms, "
                + $"whole operation {result.Elapsed.TotalMilliseconds:0} ms"));
        }
        return ExitCodes.Success; // the instance runs on the target; warnings name what is left to clean
    }
}
