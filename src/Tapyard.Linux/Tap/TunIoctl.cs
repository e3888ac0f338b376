namespace Tapyard.Linux.Tap;

/// <summary>The tun/tap ioctl request numbers (linux/if_tun.h, _IOW/_IOR('T', n, int) on x86_64 and arm64).</summary>
internal static class TunIoctl
{
    public const ulong SetInterface = 0x400454ca;       // TUNSETIFF
    public const ulong SetPersist = 0x400454cb;         // TUNSETPERSIST
    public const ulong GetFeatures = 0x800454cf;        // TUNGETFEATURES
    public const ulong SetOffload = 0x400454d0;         // TUNSETOFFLOAD
    public const ulong GetInterface = 0x800454d2;       // TUNGETIFF
    public const ulong GetVnetHeaderSize = 0x800454d7;  // TUNGETVNETHDRSZ
    public const ulong SetVnetHeaderSize = 0x400454d8;  // TUNSETVNETHDRSZ
    public const ulong SetQueue = 0x400454d9;           // TUNSETQUEUE
    public const ulong SetInterfaceIndex = 0x400454da;  // TUNSETIFINDEX
}
