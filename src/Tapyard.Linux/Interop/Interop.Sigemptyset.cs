using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>sigemptyset(3).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "sigemptyset", SetLastError = true)]
        internal static unsafe partial int Sigemptyset(void* signalSet);
    }
}
