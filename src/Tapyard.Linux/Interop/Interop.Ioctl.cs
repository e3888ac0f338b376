using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>ioctl(2) with a pointer argument (struct ifreq, unsigned int, int).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static unsafe partial int Ioctl(int fd, ulong request, void* argument);

        /// <summary>ioctl(2) with an integer argument passed by value (TUNSETPERSIST, TUNSETOFFLOAD).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int Ioctl(int fd, ulong request, nint value);
    }
}
