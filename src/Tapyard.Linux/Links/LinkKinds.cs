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
}
