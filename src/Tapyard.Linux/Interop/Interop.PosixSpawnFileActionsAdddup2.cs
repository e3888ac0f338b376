using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawn_file_actions_adddup2(3): dup2 in the child; the copy has FD_CLOEXEC clear (unless fd == newfd, where dup2 changes nothing).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_adddup2")]
        internal static unsafe partial int PosixSpawnFileActionsAdddup2(void* fileActions, int fd, int newFd);
    }
}
