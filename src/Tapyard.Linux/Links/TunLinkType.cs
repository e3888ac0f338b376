namespace Tapyard.Linux.Links;

/// <summary>IFLA_TUN_TYPE of a /dev/net/tun device (kind "tun"): the IFF_TUN or IFF_TAP it was made with.</summary>
public enum TunLinkType : byte
{
    Tun = 1,
    Tap = 2,
}
