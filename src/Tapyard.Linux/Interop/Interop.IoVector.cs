using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct iovec, for readv/writev.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct IoVector
        {
            internal void* Base;
            internal nuint Length;
        }
    }
}
