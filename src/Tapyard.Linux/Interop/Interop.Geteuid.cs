using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>geteuid(2): tests and errors say when root is needed.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
        internal static partial uint Geteuid();
    }
}
