using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>bind(2) with a raw sockaddr (e.g. sockaddr_ll for AF_PACKET, which .NET's Socket cannot express).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int Bind(int fd, void* address, uint addressLength);
    }
}
