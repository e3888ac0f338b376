internal static partial class Interop
{
    /// <summary>socket(2) and netlink socket-option constants (linux/socket.h, linux/netlink.h).</summary>
    internal static class SocketConstants
    {
        internal const int AF_NETLINK = 16;
        internal const int SOCK_RAW = 3;
        internal const int SOCK_CLOEXEC = 0x80000; // = O_CLOEXEC
        internal const int NETLINK_ROUTE = 0;
        internal const int SOL_NETLINK = 270;
        internal const int NETLINK_CAP_ACK = 10;
        internal const int NETLINK_EXT_ACK = 11;
        internal const int NETLINK_GET_STRICT_CHK = 12;
    }
}
