using Tapyard.Cli.CommandLine;
using Tapyard.Hypervisors.Libvirt;
using Tapyard.Core.Store;
using Tapyard.Hypervisors.Nova;
using Tapyard.Node;

namespace Tapyard.Cli.Commands.Vif;

/// <summary>`tapyard vif xml --vif FILE.json [--queues N]`: the &lt;interface&gt; Nova's libvirt driver would build.</summary>
internal sealed class VifXmlCommand : Command
{
    private static readonly OptionSpec VifFile = OptionSpec.Value("vif", "FILE.json", "the VIF as Nova's network model writes it (id, address, type, details, quota)");

    public override string Path => "vif xml";
    public override string Summary => "print the libvirt <interface> of a Nova VIF";

    public override string Description =>
        """
        Prints the <interface> element Nova's libvirt vif driver builds for the VIF:
          macvtap  type='direct', source dev details.macvtap_source, mode details.macvtap_mode
                   (vepa, bridge, private, passthrough); a VIF missing macvtap_source,
                   macvtap_mode or physical_interface is refused naming each missing key
          bridge   type='bridge' on network.bridge, target dev devname
          ovs      the same with <virtualport type='openvswitch'> (interfaceid: ovs_interfaceid,
                   else the port id)
          tap      type='ethernet', target dev devname, managed='no'
        With --prepared-devices: the device `tapyard vif plug` made (its record on --node, else this
        host) as type='ethernet' managed='no', so libvirt never makes a second macvtap with the MAC.
        The VIF's "quota" (vif_inbound_average/peak/burst, vif_outbound_*, as Nova's flavor
        extra specs quota:vif_*) gives <bandwidth>; --queues N above 1 gives <driver queues=N>.
        The element passes virt-xml-validate inside a domain.
        """;

    private static readonly OptionSpec Prepared = OptionSpec.Flag("prepared-devices",
        "the device `tapyard vif plug` made for this VIF, as type='ethernet' managed='no' (from its record; --node, --run-dir as for vif plug)");

    public override IReadOnlyList<OptionSpec> Options { get; } = [VifFile, VifOptions.Queues, Prepared, VifOptions.NodeName, VifOptions.RunDir];

    public override int Run(CommandContext context)
    {
        string file = context.Arguments.Value(VifFile.Name) ?? throw new UsageException($"missing option {VifFile.Synopsis}");
        int queues = VifOptions.QueueCount(context);
        var vif = NovaVif.Load(file);
        var element = context.Arguments.Has(Prepared.Name)
            ? LibvirtInterfaceXml.Build(NovaVifXml.PreparedInterface(vif, PluggedDevice(context, vif), queues, Tapyard.Hypervisors.Qemu.VhostNet.IsAvailable))
            : NovaVifXml.Build(vif, queues, Tapyard.Hypervisors.Qemu.VhostNet.IsAvailable);
        context.Output.Write(LibvirtDomainXml.ToText(element));
        return ExitCodes.Success;
    }

    /// <summary>The device of the VIF's record on the node (--node, else this host), as `vif plug` wrote it.</summary>
    private static string PluggedDevice(CommandContext context, NovaVif vif)
    {
        string node = context.Arguments.Value(VifOptions.NodeName.Name) ?? Environment.MachineName;
        var records = new NicRecords(RuntimeDirectory.Resolve(context.Arguments.Value(VifOptions.RunDir.Name)), node);
        string instance = NovaVifPlugger.InstanceNameOf(vif);
        return records.ReadAll().FirstOrDefault(r => r.Instance == instance)?.Device
            ?? throw new Core.Errors.TapyardException($"VIF {vif.Id} has no plugged device on node {node}; run `tapyard vif plug` first or omit --prepared-devices");
    }
}
