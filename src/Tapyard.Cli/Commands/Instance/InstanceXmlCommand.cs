using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Commands.Cluster;
using Tapyard.Hypervisors.Libvirt;

namespace Tapyard.Cli.Commands.Instance;

/// <summary>`tapyard instance xml NAME [--prepared-devices] [--kernel ..]`: the libvirt domain of an instance.</summary>
internal sealed class InstanceXmlCommand : Command
{
    private static readonly OptionSpec Prepared = OptionSpec.Flag("prepared-devices", "every NIC as type='ethernet' on the device Tapyard plugged (managed='no')");
    private static readonly OptionSpec Kernel = OptionSpec.Value("kernel", "PATH", "direct kernel boot: the guest kernel");
    private static readonly OptionSpec Initrd = OptionSpec.Value("initrd", "PATH", "direct kernel boot: the initramfs");
    private static readonly OptionSpec Cmdline = OptionSpec.Value("cmdline", "TEXT", $"direct kernel boot: the kernel command line (default '{LibvirtKernelBoot.DefaultCmdline}')");
    private static readonly OptionSpec DomainType = OptionSpec.Value("domain-type", "kvm|qemu", "libvirt domain type (default kvm when /dev/kvm exists, else qemu)");
    private static readonly OptionSpec SerialSocket = OptionSpec.Value("serial-socket", "PATH", "unix socket of the serial console (default <run>/consoles/NAME.sock)");
    private static readonly OptionSpec RunDir = InstanceDriver.RunDir;

    public override string Path => "instance xml";
    public override string Summary => "print the libvirt domain XML of an instance";
    public override string ArgumentsSynopsis => "NAME";
    public override int MinArguments => 1;
    public override int MaxArguments => 1;

    public override string Description =>
        """
        Prints a complete <domain> for `virsh define`: name, UUID, memory, vCPUs, direct kernel boot
        (with --kernel), a serial console on a unix socket, and one <interface> per NIC:
          macvtap      type='direct', source dev LINK (LINK.VLAN with a vlan), mode vepa, bridge,
                       private or passthrough (Ganeti's passthru)
          bridged      type='bridge' on the bridge LINK; with a vlan refused (libvirt cannot tag
                       a Linux bridge port): use --prepared-devices
          openvswitch  type='bridge' with <virtualport type='openvswitch'> (interfaceid: the NIC's
                       UUID) and <vlan><tag/></vlan>
          routed       type='ethernet' on the tap Tapyard plugged, managed='no'
        With more than one vCPU every NIC gets <driver queues=N> (one queue pair per vCPU; name
        'vhost' when /dev/vhost-net exists, else 'qemu'). nicparams bw_in/bw_out give
        <bandwidth><inbound/><outbound/></bandwidth> (kilobytes/s, burst in kilobytes).
        --prepared-devices writes every NIC as type='ethernet' with <target dev managed='no'/> on
        the device Tapyard plugged (read from the node's NIC records): libvirt then opens no
        /dev/tapN by ifindex, which is unsafe when its daemons run in network namespaces. Those
        NICs carry no <bandwidth>: Tapyard shapes its own devices (libvirt would replace their
        root qdisc when the domain starts, so shape after `virsh start`).
        Every output passes `virt-xml-validate FILE domain`.
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [Prepared, Kernel, Initrd, Cmdline, DomainType, SerialSocket, RunDir];

    public override int Run(CommandContext context)
    {
        var a = context.Arguments;
        var state = ConfigAccess.Read(context);
        string xml = InstanceXml.Render(state, new InstanceXmlRequest
        {
            Instance = a.Positionals[0],
            PreparedDevices = a.Has(Prepared.Name),
            RuntimeDirectory = a.Value(RunDir.Name),
            Kernel = a.Value(Kernel.Name),
            Initrd = a.Value(Initrd.Name),
            Cmdline = a.Value(Cmdline.Name),
            DomainType = a.Value(DomainType.Name),
            SerialSocket = a.Value(SerialSocket.Name),
        });
        context.Output.Write(xml);
        return ExitCodes.Success;
    }
}
