using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct msghdr (x86_64 layout), for sendmsg.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct MessageHeader
        {
            internal void* Name;
            internal uint NameLength;
            internal IoVector* Vectors;
            internal nuint VectorCount;
            internal void* Control;
            internal nuint ControlLength;
            internal int Flags;
        }

        /// <summary>struct cmsghdr: the header of one ancillary-data item; the data (here fds) follows it.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ControlMessageHeader
        {
            internal nuint Length;
            internal int Level;
            internal int Type;
        }

        internal const int SOL_SOCKET = 1;
        internal const int SCM_RIGHTS = 1;
        internal const int MSG_NOSIGNAL = 0x4000;
    }
}
