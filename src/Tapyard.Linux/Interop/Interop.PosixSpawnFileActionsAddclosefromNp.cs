using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawn_file_actions_addclosefrom_np (glibc >= 2.34): closes every fd >= lowFd in the child, so only the fds we chose leak into it.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
        internal static unsafe partial int PosixSpawnFileActionsAddclosefromNp(void* fileActions, int lowFd);
    }
}
