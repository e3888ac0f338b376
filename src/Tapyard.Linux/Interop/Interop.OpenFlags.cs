internal static partial class Interop
{
    /// <summary>open(2) flags (asm-generic/fcntl.h; the same on x86_64 and arm64, except O_DIRECTORY).</summary>
    internal static class OpenFlags
    {
        internal const int O_RDONLY = 0x0;
        internal const int O_WRONLY = 0x1;
        internal const int O_RDWR = 0x2;
        internal const int O_CREAT = 0x40;
        internal const int O_EXCL = 0x80;
        internal const int O_APPEND = 0x400;
        internal const int O_NONBLOCK = 0x800;
        internal const int O_CLOEXEC = 0x80000;
        /// <summary>
        /// Architecture-specific, unlike the flags above: this is the x86_64 value (asm-generic's,
        /// as on riscv64); arm64 uses 0x4000.
        /// </summary>
        internal const int O_DIRECTORY = 0x10000;
    }
}
