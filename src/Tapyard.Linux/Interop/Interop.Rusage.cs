using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs Tapyard does not read.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct Rusage
        {
            internal long UserSeconds;
            internal long UserMicroseconds;
            internal long SystemSeconds;
            internal long SystemMicroseconds;
            internal fixed long Rest[14];
        }
    }
}
