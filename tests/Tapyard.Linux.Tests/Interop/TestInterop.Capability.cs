using System.Runtime.InteropServices;

internal static partial class TestInterop
{
    internal static partial class Libc
    {
        /// <summary>_LINUX_CAPABILITY_VERSION_3: two 32-bit data words (capabilities 0..63).</summary>
        internal const uint CapabilityVersion3 = 0x20080522;

        /// <summary>struct __user_cap_header_struct.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct CapabilityHeader
        {
            internal uint Version;
            /// <summary>0: the calling thread.</summary>
            internal int Pid;
        }

        /// <summary>struct __user_cap_data_struct.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct CapabilityData
        {
            internal uint Effective;
            internal uint Permitted;
            internal uint Inheritable;
        }
    }
}
