using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct pollfd.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            internal int Fd;
            internal short Events;
            internal short ReturnedEvents;
        }

        /// <summary>POLLIN: data to read.</summary>
        internal const short PollIn = 0x1;

        /// <summary>POLLOUT: writing will not block.</summary>
        internal const short PollOut = 0x4;
    }
}
