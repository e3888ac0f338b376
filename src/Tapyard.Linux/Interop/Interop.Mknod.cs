using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>mknod(2) (exported by glibc since 2.33): makes a private character node for a macvtap queue.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Mknod(string path, uint mode, ulong device);
    }
}
