using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int RUSAGE_CHILDREN = -1;

        /// <summary>getrusage(2).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getrusage", SetLastError = true)]
        internal static partial int Getrusage(int who, out Rusage usage);
    }
}
