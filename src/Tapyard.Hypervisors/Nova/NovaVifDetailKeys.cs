namespace Tapyard.Hypervisors.Nova;

/// <summary>
/// Keys of a VIF's "details" (Neutron's binding:vif_details) as nova/network/model.py names them
/// (VIF_DETAILS_MACVTAP_SOURCE, VIF_DETAILS_MACVTAP_MODE, VIF_DETAILS_PHYS_INTERFACE,
/// VIF_DETAILS_VLAN, VIF_DETAILS_PORT_FILTER, VIF_DETAILS_TAP_MAC_ADDRESS).
/// </summary>
public static class NovaVifDetailKeys
{
    public const string MacvtapSource = "macvtap_source";
    public const string MacvtapMode = "macvtap_mode";
    public const string PhysicalInterface = "physical_interface";
    public const string Vlan = "vlan";
    public const string PortFilter = "port_filter";
    /// <summary>vif_type tap: the MAC of the tap's host side (Calico sends one for every tap).</summary>
    public const string TapMacAddress = "tap_mac_address";

    /// <summary>What Nova's get_config_macvtap requires, in the order it reports them missing.</summary>
    public static IReadOnlyList<string> RequiredForMacvtap { get; } = [MacvtapSource, MacvtapMode, PhysicalInterface];
}
