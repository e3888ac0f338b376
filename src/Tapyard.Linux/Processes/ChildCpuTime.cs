using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Processes;

/// <summary>
/// CPU time (user + system) of this process's reaped children, from getrusage(RUSAGE_CHILDREN). The
/// difference around one child's run is that child's CPU time: unlike wall time, it barely grows when
/// other work competes for the cores, so it keeps a figure meaningful on a busy machine.
/// </summary>
public static class ChildCpuTime
{
    public static TimeSpan Now()
    {
        if (Interop.Libc.Getrusage(Interop.Libc.RUSAGE_CHILDREN, out var usage) != 0)
            throw SystemCallException.FromLastError("reading the CPU time of child processes");
        long microseconds = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicroseconds + usage.SystemMicroseconds;
        return TimeSpan.FromMicroseconds(microseconds);
    }
}
