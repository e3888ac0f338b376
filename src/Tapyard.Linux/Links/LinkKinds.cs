namespace Tapyard.Linux.Links;

/// <summary>IFLA_INFO_KIND strings of the link kinds Tapyard creates.</summary>
public static class LinkKinds
{
    public const string Macvtap = "macvtap";
    public const string Macvlan = "macvlan";
    public const string Veth = "veth";
    public const string Bridge = "bridge";
    public const string Vlan = "vlan";
    /// <summary>Tap devices report kind "tun" (with IFF_TAP in tun's own info).</summary>
    public const string Tun = "tun";
    /// <summary>Intermediate functional block: where a device's ingress is redirected to be shaped like egress.</summary>
    public const string Ifb = "ifb";

    /// <summary>The kernel build option a kind needs, for "this kernel has no ..." errors.</summary>
    public static string KernelConfigOption(string kind) => kind switch
    {
        Macvtap => "CONFIG_MACVTAP",
        Macvlan => "CONFIG_MACVLAN",
        Veth => "CONFIG_VETH",
        Bridge => "CONFIG_BRIDGE",
        Vlan => "CONFIG_VLAN_8021Q",
        Tun => "CONFIG_TUN",
        Ifb => "CONFIG_IFB",
        _ => $"the {kind} driver",
    };
}
