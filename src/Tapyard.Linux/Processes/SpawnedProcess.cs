using Tapyard.Linux.Errors;
using static Interop.SpawnConstants;

namespace Tapyard.Linux.Processes;

/// <summary>
/// A child started by <see cref="ProcessSpawner"/>. It must be reaped (<see cref="WaitForExit(TimeSpan)"/>,
/// <see cref="TryReap"/>) or it stays a zombie while this process lives. Signals go to it only while it
/// is unreaped, so a reused pid is never hit.
/// </summary>
public sealed class SpawnedProcess
{
    private readonly Lock _lock = new();
    private ProcessExit? _exit;

    internal SpawnedProcess(int pid, string program)
    {
        Pid = pid;
        Program = program;
    }

    public int Pid { get; }

    /// <summary>The path that was executed.</summary>
    public string Program { get; }

    /// <summary>How it ended, once reaped.</summary>
    public ProcessExit? Exit
    {
        get { lock (_lock) return _exit; }
    }

    /// <summary>Reaps the child if it has ended (never blocks).</summary>
    public bool TryReap(out ProcessExit exit)
    {
        lock (_lock)
        {
            if (_exit is null)
            {
                int result = Interop.Libc.Waitpid(Pid, out int status, WNOHANG);
                if (result == Pid)
                    _exit = ProcessExit.FromWaitStatus(status);
                else if (result < 0)
                    throw SystemCallException.FromLastError($"waiting for {Program} (pid {Pid})");
            }
            exit = _exit ?? default;
            return _exit is not null;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the child to end and reaps it; null when it still runs.</summary>
    public ProcessExit? WaitForExit(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int pause = 1;
        while (true)
        {
            if (TryReap(out var exit))
                return exit;
            if (DateTime.UtcNow >= deadline)
                return null;
            // Polling (1 ms growing to 20 ms) rather than a blocking waitpid: a blocked thread could not be given up on.
            Thread.Sleep(pause);
            pause = Math.Min(pause * 2, 20);
        }
    }

    /// <summary>Sends <paramref name="signal"/> unless the child was reaped already (then its pid may be someone else's).</summary>
    public bool Signal(int signal)
    {
        lock (_lock)
        {
            if (_exit is not null)
                return false;
            if (Interop.Libc.Kill(Pid, signal) == 0)
                return true;
            var error = SystemCallException.FromLastError($"signalling {Program} (pid {Pid})", LinuxCapability.Kill);
            return error.Errno == LinuxErrno.ESRCH ? false : throw error;
        }
    }

    /// <summary>SIGKILL, then reap (it cannot refuse).</summary>
    public ProcessExit Kill()
    {
        Signal(SIGKILL);
        return WaitForExit(TimeSpan.FromSeconds(30)) ?? throw new TapyardLinuxException($"{Program} (pid {Pid}) did not end after SIGKILL");
    }
}
