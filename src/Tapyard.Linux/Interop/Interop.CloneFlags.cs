internal static partial class Interop
{
    /// <summary>clone(2)/unshare(2)/setns(2) namespace flags (linux/sched.h).</summary>
    internal static class CloneFlags
    {
        internal const int CLONE_NEWNS = 0x00020000;
        internal const int CLONE_NEWNET = 0x40000000;
    }
}
