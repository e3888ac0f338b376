using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Node.Hooks;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>The hypervisor driver the instance commands use: QEMU, with runtime files under --run-dir / TAPYARD_RUN_DIR.</summary>
internal static class InstanceDriver
{
    public static readonly OptionSpec RunDir =
        OptionSpec.Value("run-dir", "DIR", "runtime directory (QEMU sockets, logs, NIC records; default $TAPYARD_RUN_DIR, else /run/tapyard)");

    public static QemuDriver Open(CommandContext context) => new(ConfigAccess.Open(context), Options(context));

    /// <summary>The driver's options (for the migration and hot-plug operations, which take the same).</summary>
    public static QemuDriverOptions Options(CommandContext context) => new()
    {
        RuntimeDirectory = context.Command.Options.Contains(RunDir) ? context.Arguments.Value(RunDir.Name) : null,
        Boot = new LabGuestBootProvider(context.Error),
        // The node's NIC hooks (STATE_DIR/network/<mode>/up|down) run when NICs are plugged and removed.
        Hooks = NicHooks.ForStateDirectory(StateDirectory.Resolve(context.Arguments.Value(GlobalOptions.StateDir.Name)),
            e => context.Error.WriteLine($"warning: {e.Message}; the device is removed anyway")),
    };
}
