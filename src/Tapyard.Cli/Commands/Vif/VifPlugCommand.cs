using Tapyard.Cli.CommandLine;
using Tapyard.Cli.Output;
using Tapyard.Hypervisors.Nova;

namespace Tapyard.Cli.Commands.Vif;

/// <summary>`tapyard vif plug --vif FILE.json [--node NODE] [--up]`.</summary>
internal sealed class VifPlugCommand : Command
{
    private static readonly OptionSpec Up = OptionSpec.Flag("up", "bring the device up now (default: left down for the hypervisor, which brings it up when the guest runs)");

    public override string Path => "vif plug";
    public override string Summary => "create the host device of a Nova VIF (vif_type macvtap, bridge, ovs or tap)";

    public override string Description =>
        """
        Creates the host device of a Nova VIF on this host, or with --node on a node from the
        config (a lab node: in its namespace), recorded like any Tapyard NIC (as instance
        vif-<port id>), with the node's NIC hooks:
          macvtap  a macvtap on details.macvtap_source (with details.vlan: on the VLAN
                   sub-interface physical_interface.vlan, made on demand) with details.macvtap_mode and the
                   VIF's MAC; the hypervisor opens the char device /dev/tap<ifindex> (Tapyard's
                   ifindexes are unique across namespaces, so that name never points at another
                   namespace's device)
          bridge   a persistent tap on the Linux bridge network.bridge (mode bridged)
          ovs      the same on the Open vSwitch bridge network.bridge (mode openvswitch), with
                   external-ids iface-id (ovs_interfaceid, else the port id), attached-mac, vm-uuid;
                   ovs-vsctl finds its database as usual, or --ovs-db
          tap      a persistent tap named devname (required), connected to nothing
                   (the Neutron agent wires it), with details.tap_mac_address as its MAC and
                   network.meta.mtu as its MTU when given (mode tap; hooks in network/tap/); a
                   device of that name that Tapyard did not record for this VIF is refused.
        Taps are multi-queue only with --queues N above 1 (give what `vif xml --queues` gets):
        libvirt and QEMU open a tap with IFF_MULTI_QUEUE only for several queues, and the kernel
        refuses a mismatch, so Nova's plug_tap does the same.
        For taps the hypervisor opens /dev/net/tun and attaches by the device name printed.
        The device is left down unless --up is given, and no queue is held open. Plugging a VIF
        again replaces its device.
        Prints JSON: {"vif", "node", "instance", "devices": [{"name", "ifindex", "char_device",
        "mac", "mode", "macvtap_mode", "lower", "up"}]} (macvtap_mode null for taps; lower: the
        lower device or bridge, null for a tap VIF).
        """;

    public override IReadOnlyList<OptionSpec> Options { get; } = [.. VifOptions.Common, Up, VifOptions.Queues];

    public override int Run(CommandContext context)
    {
        int queues = VifOptions.QueueCount(context);
        var vif = VifOptions.Load(context);
        using var nics = VifOptions.OpenNics(context);
        var result = new NovaVifPlugger(nics).Plug(vif, context.Arguments.Has(Up.Name), queues);
        var devices = result.Devices.Select(d => new JsonObject
        {
            { "name", d.Name }, { "ifindex", d.Ifindex }, { "char_device", d.CharDevice }, { "mac", d.Mac },
            { "mode", d.Mode }, { "macvtap_mode", d.MacvtapMode }, { "lower", d.Lower }, { "up", d.Up },
        }).ToList();
        context.Output.WriteLine(JsonText.Serialize(new JsonObject
        {
            { "vif", result.Vif }, { "node", result.Node }, { "instance", result.Instance }, { "devices", devices },
        }));
        return ExitCodes.Success;
    }
}
