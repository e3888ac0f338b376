using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Core.Errors;
using Tapyard.Core.Store;
using Tapyard.Lab.Libvirt;

namespace Tapyard.Cli.Commands.Node;

/// <summary>`tapyard node libvirtd [--stop] NODE`: a libvirtd of Tapyard's own in a (lab) node's namespace.</summary>
internal sealed class NodeLibvirtdCommand : Command
{
    private static readonly OptionSpec Stop = OptionSpec.Flag("stop", "stop it instead (destroying the domains it runs)");

    public override string Path => "node libvirtd";
    public override string Summary => "start (or --stop) a libvirtd serving a node's network namespace, for instances with hypervisor=libvirt";
    public override string Description =>
        """
        libvirtd runs its QEMUs in its own network namespace, so a node in a namespace (a lab node)
        needs a libvirtd inside it. This starts one there, with a private mount namespace whose
        /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt are
        directories under RUN_DIR/libvirt/NODE (the host's libvirt is untouched; qemu.conf runs QEMU
        as root), and prints its URI. The libvirt driver uses it for NODE when TAPYARD_LIBVIRT_URI is
        unset. A node on the host uses the host's libvirtd (qemu:///system) instead. Needs root.
        """;
    public override IReadOnlyList<OptionSpec> Options { get; } = [Stop, Instance.InstanceDriver.RunDir];
    public override string ArgumentsSynopsis => "NODE";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override int Run(CommandContext context)
    {
        var node = ConfigAccess.Read(context).GetNode(context.Arguments.Positionals[0]);
        string directory = RuntimeDirectory.LibvirtDaemonOf(RuntimeDirectory.Resolve(context.Arguments.Value(Instance.InstanceDriver.RunDir.Name)), node.Name);
        if (context.Arguments.Has(Stop.Name))
        {
            using var running = PrivateLibvirtd.Attach(directory);
            context.Error.WriteLine(running is null ? $"no libvirtd runs for node {node.Name}: nothing to stop" : $"stopped the libvirtd of node {node.Name} (pid {running.Pid})");
            return ExitCodes.Success;
        }
        if (node.Netns is not { } netns)
            throw new TapyardException($"node {node.Name} is on the host, not in a namespace; use the host's libvirtd (qemu:///system)");
        PrivateLibvirtd daemon;
        try
        {
            daemon = PrivateLibvirtd.Start(directory, netns);
        }
        catch (InvalidOperationException e)
        {
            throw new TapyardException($"cannot start a libvirtd for node {node.Name}: {e.Message}");
        }
        context.Output.WriteLine(daemon.Uri);
        context.Error.WriteLine($"libvirtd for node {node.Name} runs (pid {daemon.Pid}); stop it with 'tapyard node libvirtd --stop {node.Name}'");
        return ExitCodes.Success; // not disposed: it outlives this command
    }
}
