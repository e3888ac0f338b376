using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>stat(2) (exported by glibc since 2.33); only st_rdev and st_mode are read.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int Stat(string path, StatBuffer* buffer);
    }
}
