using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawn(3): starts a program without fork from managed code (glibc uses clone(CLONE_VM|CLONE_VFORK)); returns an errno, exec failures included (glibc >= 2.24).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn")]
        internal static unsafe partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);
    }
}
