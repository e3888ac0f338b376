using System.Runtime.InteropServices;

/// <summary>libc calls only the tests make, in the library's Interop style (one file per function).</summary>
internal static partial class TestInterop
{
    internal static partial class Libc
    {
        /// <summary>bind(2) with a raw sockaddr (e.g. sockaddr_ll for AF_PACKET, which .NET's Socket cannot express).</summary>
        [LibraryImport(Interop.Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int Bind(int fd, void* address, uint addressLength);
    }
}
