using System.Globalization;
using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Processes;

/// <summary>
/// A process named by pid AND start time (field 22 of /proc/PID/stat, clock ticks since boot): a pid
/// alone may have been reused by an unrelated process since it was written down, the pair never is.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>The identity of the live process <paramref name="pid"/>, or null when there is none (or only a zombie).</summary>
    public static ProcessIdentity? TryOf(int pid)
    {
        if (pid <= 0 || ReadStat(pid) is not { } stat)
            return null;
        // The command name (field 2) may contain spaces and ')': the fields that follow start after the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0)
            return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        if (fields.Length < 20 || fields[0] is "Z" or "X" || !ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start))
            return null;
        return new ProcessIdentity(pid, start);
    }

    /// <summary>True while this very process runs (not a zombie, and its pid not reused).</summary>
    public bool IsAlive => TryOf(Pid) == this;

    /// <summary>Signals the process only if it is still this one; false when it is gone.</summary>
    public bool Signal(int signal)
    {
        if (!IsAlive)
            return false;
        // A pid cannot be reused between this check and kill() while the process (or its zombie) exists;
        // the remaining window (it exits and is reaped, and the pid is reused, within microseconds) is accepted.
        if (Interop.Libc.Kill(Pid, signal) == 0)
            return true;
        var error = SystemCallException.FromLastError($"signalling process {Pid}", LinuxCapability.Kill);
        return error.Errno == LinuxErrno.ESRCH ? false : throw error;
    }

    /// <summary>Waits until the process is gone (exited and reaped by its parent); false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive)
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }

    private static string? ReadStat(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
