using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>gettid(2): the kernel thread id, for /proc/self/task/TID/ns/net.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "gettid")]
        internal static partial int Gettid();
    }
}
