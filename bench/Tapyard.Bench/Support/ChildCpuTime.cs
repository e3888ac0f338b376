using System.Runtime.InteropServices;

namespace Tapyard.Bench.Support;

/// <summary>
/// CPU time (user + system) of this process's reaped children, from getrusage(RUSAGE_CHILDREN). The
/// difference around one child's run is that child's CPU time: unlike wall time, it barely grows when
/// other work competes for the cores, so it keeps a figure meaningful on a busy machine.
/// </summary>
internal static partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    public static TimeSpan Now()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        long microseconds = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicroseconds + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs this class does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public fixed long Rest[14];
    }
}
