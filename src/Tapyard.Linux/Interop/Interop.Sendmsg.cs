using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>sendmsg(2): the only way to pass fds (SCM_RIGHTS) over a unix socket; .NET's Socket has no ancillary-data API.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "sendmsg", SetLastError = true)]
        internal static unsafe partial nint Sendmsg(int fd, MessageHeader* message, int flags);
    }
}
