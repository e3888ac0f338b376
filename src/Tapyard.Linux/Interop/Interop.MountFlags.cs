internal static partial class Interop
{
    /// <summary>mount(2) and umount2(2) flags (linux/mount.h).</summary>
    internal static class MountFlags
    {
        internal const ulong MS_BIND = 0x1000;
        internal const ulong MS_REC = 0x4000;
        internal const ulong MS_SLAVE = 1 << 19;
        internal const ulong MS_SHARED = 1 << 20;
        internal const int MNT_DETACH = 2;
    }
}
