using System.Runtime.InteropServices;

namespace Tapyard.Linux.Tests.Support;

internal static partial class TestInterop
{
    /// <summary>_LINUX_CAPABILITY_VERSION_3: two 32-bit data words (capabilities 0..63).</summary>
    public const uint CapabilityVersion3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    public struct CapabilityHeader
    {
        public uint Version;
        /// <summary>0: the calling thread.</summary>
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapabilityData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    /// <summary>capget(2); <paramref name="data"/> points at two <see cref="CapabilityData"/>.</summary>
    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    public static unsafe partial int Capget(CapabilityHeader* header, CapabilityData* data);

    /// <summary>capset(2): changes the calling thread's capabilities only (capabilities are per thread on Linux).</summary>
    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    public static unsafe partial int Capset(CapabilityHeader* header, CapabilityData* data);
}
