using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>unshare(2): gives the calling thread its own namespace of the given kinds.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "unshare", SetLastError = true)]
        internal static partial int Unshare(int flags);
    }
}
