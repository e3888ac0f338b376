using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawnattr_setsigdefault(3): signals reset to SIG_DFL in the child (the runtime ignores SIGPIPE, which a child must not inherit).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setsigdefault")]
        internal static unsafe partial int PosixSpawnattrSetsigdefault(void* attributes, void* signalSet);
    }
}
