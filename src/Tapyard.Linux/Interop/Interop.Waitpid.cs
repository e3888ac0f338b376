using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>waitpid(2): reaps a child started by posix_spawn (the runtime only reaps the children of System.Diagnostics.Process).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "waitpid", SetLastError = true)]
        internal static partial int Waitpid(int pid, out int status, int options);
    }
}
