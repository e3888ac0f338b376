using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawnattr_setsigmask(3): the child's signal mask (the spawning thread's mask is the runtime's, not the program's).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawnattr_setsigmask")]
        internal static unsafe partial int PosixSpawnattrSetsigmask(void* attributes, void* signalSet);
    }
}
