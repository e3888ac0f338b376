using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>fsync(2): .NET flushes files (FileStream.Flush(true)) but has no way to fsync a directory after a rename.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static partial int Fsync(int fd);
    }
}
