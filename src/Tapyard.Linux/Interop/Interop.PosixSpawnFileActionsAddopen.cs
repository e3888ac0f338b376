using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>posix_spawn_file_actions_addopen(3): open(path) at fd in the child (stdin from /dev/null, stdout to a log).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "posix_spawn_file_actions_addopen")]
        internal static unsafe partial int PosixSpawnFileActionsAddopen(void* fileActions, int fd, byte* path, int flags, int mode);
    }
}
