using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int LockExclusive = 2;   // LOCK_EX
        internal const int LockNonBlocking = 4; // LOCK_NB

        /// <summary>flock(2): the cross-process config lock; released by the kernel when the holder dies.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "flock", SetLastError = true)]
        internal static partial int Flock(int fd, int operation);
    }
}
