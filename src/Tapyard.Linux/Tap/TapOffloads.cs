namespace Tapyard.Linux.Tap;

/// <summary>
/// TUNSETOFFLOAD bits (TUN_F_*): which offloaded (unchecksummed, unsegmented) packets the queue's
/// reader accepts. None means the kernel checksums and segments everything before a read, which is
/// what a reader without virtio-net header handling needs; QEMU sets its own after the guest negotiates.
/// </summary>
[Flags]
public enum TapOffloads
{
    None = 0,
    Checksum = 0x01,
    Tso4 = 0x02,
    Tso6 = 0x04,
    TsoEcn = 0x08,
    Ufo = 0x10,
    Uso4 = 0x20,
    Uso6 = 0x40,
}
