using System.Runtime.InteropServices;

internal static partial class TestInterop
{
    internal static partial class Libc
    {
        /// <summary>capset(2): changes the calling thread's capabilities only (capabilities are per thread on Linux).</summary>
        [LibraryImport(Interop.Libraries.Libc, EntryPoint = "capset", SetLastError = true)]
        internal static unsafe partial int Capset(CapabilityHeader* header, CapabilityData* data);
    }
}
