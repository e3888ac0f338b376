using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Store;
using Tapyard.Hypervisors;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Hypervisors.Qemu;
using Tapyard.Node.Hooks;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>
/// The hypervisor drivers the instance commands use, with runtime files under --run-dir / TAPYARD_RUN_DIR:
/// QEMU, and libvirt at TAPYARD_LIBVIRT_URI (default qemu:///system; "{node}" names the node's libvirtd).
/// </summary>
internal static class InstanceDriver
{
    public static readonly OptionSpec RunDir =
        OptionSpec.Value("run-dir", "DIR", "runtime directory: NIC records, QEMU sockets and logs (default $TAPYARD_RUN_DIR, else /run/tapyard)");

    /// <summary>The QEMU driver (console paths, migration, hot-plug: QEMU's for now).</summary>
    public static QemuDriver Open(CommandContext context) => new(ConfigAccess.Open(context), Options(context));

    /// <summary>Each instance's own driver, as its hypervisor (or the cluster's default) names it.</summary>
    public static HypervisorChoice Choose(CommandContext context)
    {
        var store = ConfigAccess.Open(context);
        var qemu = Options(context);
        return new HypervisorChoice(store, [new QemuDriver(store, qemu), new LibvirtDriver(store, LibvirtOptions(qemu))]);
    }

    /// <summary>The libvirt driver's options, sharing the QEMU driver's runtime directory, guest boot and hooks.</summary>
    public static LibvirtDriverOptions LibvirtOptions(QemuDriverOptions qemu) =>
        new() { RuntimeDirectory = qemu.RuntimeDirectory, Boot = qemu.Boot, Hooks = qemu.Hooks, OvsDatabase = qemu.OvsDatabase };

    /// <summary>Whether the instance runs on libvirt (its own hypervisor, else the cluster's default).</summary>
    public static bool IsLibvirt(CommandContext context, string instance)
    {
        var state = ConfigAccess.Read(context);
        return state.HypervisorOf(state.GetInstance(instance)) == Core.Model.HypervisorNames.Libvirt;
    }

    /// <summary>Refuses an operation only the QEMU driver has yet (migration, hot-plug) for an instance on another hypervisor.</summary>
    public static void RequireQemu(CommandContext context, string instance, string operation)
    {
        var state = ConfigAccess.Read(context);
        string hypervisor = state.HypervisorOf(state.GetInstance(instance));
        if (hypervisor != Core.Model.HypervisorNames.Qemu)
            throw new Core.Errors.TapyardException($"instance {instance} runs on {hypervisor}, and {operation} works only with qemu so far; stop it first");
    }

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
