using Tapyard.Core.Nics;
using Tapyard.Linux.Links;

namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// The VIF details Tapyard reads (null: absent). For a macvtap VIF, <see cref="MacvtapSource"/> is
/// the device the macvtap sits on: Neutron's macvtap agent names the VLAN sub-interface
/// "physical_interface.vlan" there when <see cref="Vlan"/> is set, and the plug creates it on
/// <see cref="PhysicalInterface"/> (Nova's plug_macvtap / ensure_vlan).
/// <see cref="MacvtapMode"/> uses Ganeti's names; libvirt's "passthrough" is <see cref="MvtapMode.Passthru"/>.
/// </summary>
public sealed record NovaVifDetails
{
    public string? MacvtapSource { get; init; }
    public MvtapMode? MacvtapMode { get; init; }
    public string? PhysicalInterface { get; init; }
    public int? Vlan { get; init; }
    public bool? PortFilter { get; init; }
    /// <summary>vif_type tap: the MAC Nova's plug_tap gives the tap (its host side); null: Tapyard's fe:.. of the guest's MAC.</summary>
    public MacAddress? TapMacAddress { get; init; }

    public static NovaVifDetails Empty { get; } = new();
}
