using Tapyard.Core.Nics;
using Tapyard.Core.Operations;
using Tapyard.Linux.Links;

namespace Tapyard.Hypervisors.Libvirt;

/// <summary>
/// The &lt;interface&gt; for each Tapyard NIC mode:
/// macvtap → type='direct' on LINK or LINK.VLAN (libvirt creates the macvtap);
/// bridged → type='bridge' on the Linux bridge LINK (with a vlan: refused, libvirt cannot tag a Linux bridge port);
/// openvswitch → type='bridge' with &lt;virtualport type='openvswitch'&gt; (interfaceid = the NIC's UUID) and &lt;vlan&gt;;
/// routed → type='ethernet' on the tap Tapyard plugged (managed='no': Tapyard owns its routes);
/// with <see cref="LibvirtNicOptions.PreparedDevices"/> every NIC is type='ethernet' on its plugged device
/// (libvirt in a network namespace must not open /dev/tapN by ifindex: PLATFORM.md), without
/// &lt;bandwidth&gt;: Tapyard shapes its own devices, after libvirt has started the domain.
/// </summary>
public static class LibvirtNicInterfaces
{
    public static IReadOnlyList<LibvirtInterface> For(IReadOnlyList<ResolvedNic> nics, LibvirtNicOptions options)
    {
        if (options.PreparedDevices && nics.Count > 0 && !nics.Any(n => options.PluggedDevices.ContainsKey(n.Uuid)))
            throw new LibvirtXmlException(
                $"instance {options.Instance} has no plugged devices on node {options.Node}; start it or omit --prepared-devices");
        return nics.Select(nic => For(nic, options)).ToList();
    }

    public static LibvirtInterface For(ResolvedNic nic, LibvirtNicOptions options)
    {
        if (!MacAddress.TryParse(nic.Mac, out var mac, out string? problem))
            throw new LibvirtXmlException($"NIC {nic.Index} of instance {options.Instance} has an invalid MAC '{nic.Mac}': {problem}; set one with 'instance modify'");
        int queues = Math.Max(1, options.Vcpus);
        var common = new LibvirtInterface
        {
            Type = LibvirtInterfaceType.Ethernet,
            Mac = mac,
            Queues = queues,
            DriverName = queues > 1 ? (options.VhostNet ? "vhost" : "qemu") : null,
            Inbound = nic.BwIn,
            Outbound = nic.BwOut,
        };

        if (options.PreparedDevices)
        {
            // No <bandwidth>: the device is Tapyard's, and so is its shaping (Tapyard.Node.Bandwidth).
            // libvirt would shape a managed='no' device too (with sfq, which this kernel lacks), and it
            // replaces a device's root qdisc with noqueue when the domain starts (measured, libvirt 9.0).
            return common with
            {
                TargetDev = Plugged(nic, options, "--prepared-devices needs it; start the instance or omit --prepared-devices"),
                TargetUnmanaged = true,
                Inbound = null,
                Outbound = null,
            };
        }

        switch (nic.Mode)
        {
            case NicMode.Macvtap:
                string lower = Link(nic, options);
                return common with
                {
                    Type = LibvirtInterfaceType.Direct,
                    SourceDev = nic.Vlan is { } vlan ? VlanDevice(lower, vlan, nic, options) : lower,
                    DirectMode = nic.MvtapMode ?? NicParamsRules.DefaultMvtapMode,
                };
            case NicMode.Bridged:
                // libvirt 9.0 refuses a VLAN tag on a Linux bridge port when the domain starts ("vlan tag
                // not supported for this connection type", measured): Tapyard must set the port's VLAN.
                if (nic.Vlan is { } bridgedVlan)
                    throw new LibvirtXmlException(
                        $"NIC {nic.Index} of instance {options.Instance} is bridged with vlan {bridgedVlan}: libvirt refuses a VLAN tag on a Linux bridge port; use --prepared-devices (Tapyard plugs the tap with its VLAN) or mode=openvswitch");
                return common with { Type = LibvirtInterfaceType.Bridge, SourceBridge = Link(nic, options) };
            case NicMode.OpenVswitch:
                return common with
                {
                    Type = LibvirtInterfaceType.Bridge,
                    SourceBridge = Link(nic, options),
                    OpenvswitchPort = true,
                    InterfaceId = nic.Uuid,
                    VlanTag = nic.Vlan,
                };
            case NicMode.Routed:
                return common with
                {
                    TargetDev = Plugged(nic, options, "a routed NIC's tap and routes are Tapyard's; start the instance first (or use --prepared-devices after starting)"),
                    TargetUnmanaged = true,
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(nic), nic.Mode, "unknown NIC mode");
        }
    }

    /// <summary>
    /// The VLAN sub-interface the macvtap sits on, named as NodeNics names it (LINK.VLAN): it exists while
    /// Tapyard has a NIC of that VLAN plugged on the node (or an admin made it), as Nova's ensure_vlan makes it.
    /// </summary>
    private static string VlanDevice(string lower, int vlan, ResolvedNic nic, LibvirtNicOptions options)
    {
        string name = $"{lower}.{vlan}";
        if (LinkName.Problem(name) is { } problem)
            throw new LibvirtXmlException($"NIC {nic.Index} of instance {options.Instance}: the VLAN device name {name} is invalid ({problem}); use a shorter link name");
        return name;
    }

    private static string Link(ResolvedNic nic, LibvirtNicOptions options) =>
        nic.Link ?? throw new LibvirtXmlException(
            $"NIC {nic.Index} of instance {options.Instance} (mode={NicNames.Of(nic.Mode)}) has no link; give it one with 'instance modify' or set a cluster default with 'cluster modify -N mode={NicNames.Of(nic.Mode)},link=DEVICE'");

    private static string Plugged(ResolvedNic nic, LibvirtNicOptions options, string why) =>
        options.PluggedDevices.TryGetValue(nic.Uuid, out var device)
            ? device
            : throw new LibvirtXmlException($"NIC {nic.Index} of instance {options.Instance} has no plugged device on node {options.Node}; {why}");
}
