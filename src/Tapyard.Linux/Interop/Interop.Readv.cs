using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>readv(2): reads a tap queue's virtio-net header and frame into separate buffers without copying.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readv", SetLastError = true)]
        internal static unsafe partial nint Readv(int fd, IoVector* vectors, int count);
    }
}
