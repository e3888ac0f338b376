using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>eventfd(2): a counter fd; a tap queue's Dispose signals it to wake a reader blocked in poll.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "eventfd", SetLastError = true)]
        internal static partial int Eventfd(uint initialValue, int flags);

        /// <summary>EFD_NONBLOCK.</summary>
        internal const int EventfdNonBlocking = 0x800;

        /// <summary>EFD_CLOEXEC.</summary>
        internal const int EventfdCloseOnExec = 0x80000;
    }
}
