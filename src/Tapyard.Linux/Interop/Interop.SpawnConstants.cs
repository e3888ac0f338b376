internal static partial class Interop
{
    /// <summary>posix_spawn, waitpid and signal constants (glibc spawn.h, bits/waitflags.h, signal.h).</summary>
    internal static class SpawnConstants
    {
        internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
        internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
        internal const short POSIX_SPAWN_SETSID = 0x80;

        /// <summary>
        /// Bytes reserved for glibc's opaque posix_spawn_file_actions_t (80 on x86_64), posix_spawnattr_t
        /// (336) and sigset_t (128): generous, so a layout change in libc can never overrun them.
        /// </summary>
        internal const int OpaqueSize = 1024;

        internal const int WNOHANG = 1;

        internal const int SIGKILL = 9;
        internal const int SIGTERM = 15;
    }
}
