namespace Tapyard.Linux.Tap;

/// <summary>
/// The IFF_* flags of the tun/tap and macvtap character devices (linux/if_tun.h): what TUNSETIFF sets,
/// TUNGETIFF reports and TUNGETFEATURES offers.
/// </summary>
[Flags]
public enum TapInterfaceFlags
{
    None = 0,
    Tun = 0x0001,
    Tap = 0x0002,
    Napi = 0x0010,
    NapiFragments = 0x0020,
    NoCarrier = 0x0040,
    MultiQueue = 0x0100,
    AttachQueue = 0x0200,
    DetachQueue = 0x0400,
    Persist = 0x0800,
    /// <summary>IFF_NO_PI: no 4-byte packet-information prefix; Tapyard always sets it.</summary>
    NoPacketInfo = 0x1000,
    OneQueue = 0x2000,
    /// <summary>IFF_VNET_HDR: every frame read or written carries a virtio-net header first.</summary>
    VnetHeader = 0x4000,
    TunExclusive = 0x8000,
}
