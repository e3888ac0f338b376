namespace Tapyard.Linux.Netlink;

/// <summary>nlmsg_flags bits (linux/netlink.h).</summary>
public static class NetlinkFlags
{
    public const ushort Request = 0x1;
    public const ushort Multi = 0x2;
    public const ushort Ack = 0x4;
    public const ushort Echo = 0x8;
    public const ushort DumpInterrupted = 0x10;

    // GET requests
    public const ushort Root = 0x100;
    public const ushort Match = 0x200;
    public const ushort Dump = Root | Match;

    // NEW requests
    public const ushort Replace = 0x100;
    public const ushort Exclusive = 0x200;
    public const ushort Create = 0x400;
    public const ushort Append = 0x800;

    // Flags the kernel sets on NLMSG_ERROR replies.
    public const ushort AckCapped = 0x100;
    public const ushort AckTlvs = 0x200;
}
