using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>writev(2): writes a virtio-net header and a frame as one packet without copying them together.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "writev", SetLastError = true)]
        internal static unsafe partial nint Writev(int fd, IoVector* vectors, int count);
    }
}
