using System.Runtime.InteropServices;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Processes;

/// <summary>
/// A process group, named by its leader's PID. Killing the group reaches what the leader started
/// (a hook script's `sleep`, a pipeline), which Process.Kill on the leader alone would leave running.
/// </summary>
public static class ProcessGroup
{
    /// <summary>SIGKILL to every process of group <paramref name="groupId"/>; false when the group no longer exists.</summary>
    public static bool Kill(int groupId)
    {
        if (groupId <= 1)
            throw new ArgumentOutOfRangeException(nameof(groupId), groupId, "a process group id is a leader's PID (> 1)");
        if (Interop.Libc.Kill(-groupId, LinuxSignal.Kill) == 0)
            return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == LinuxErrno.ESRCH)
            return false;
        throw new SystemCallException($"killing process group {groupId}", errno);
    }
}
