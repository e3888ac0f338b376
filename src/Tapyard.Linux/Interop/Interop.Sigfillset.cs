using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>sigfillset(3) (glibc leaves out its internal signals).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "sigfillset", SetLastError = true)]
        internal static unsafe partial int Sigfillset(void* signalSet);
    }
}
