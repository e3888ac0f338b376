using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct stat as glibc lays it out on x86_64 (the architecture Tapyard targets: its guests are qemu-system-x86); padded generously.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        internal struct StatBuffer
        {
            [FieldOffset(24)] internal uint Mode;
            [FieldOffset(40)] internal ulong Device;

            internal readonly bool IsCharacterDevice => (Mode & FileTypeMask) == CharacterDevice;
        }

        /// <summary>S_IFMT: the file-type bits of st_mode (and of mknod's mode).</summary>
        internal const uint FileTypeMask = 0xF000;

        /// <summary>S_IFCHR: a character device.</summary>
        internal const uint CharacterDevice = 0x2000;
    }
}
