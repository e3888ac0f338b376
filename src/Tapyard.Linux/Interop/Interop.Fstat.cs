using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>fstat(2) (exported by glibc since 2.33): the rdev of an opened tap queue proves which device it is bound to.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "fstat", SetLastError = true)]
        internal static unsafe partial int Fstat(int fd, StatBuffer* buffer);
    }
}
