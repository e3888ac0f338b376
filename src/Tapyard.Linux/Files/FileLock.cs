using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Files;

/// <summary>
/// An exclusive flock(2) on a lock file, held until disposed (or until the process dies: the kernel
/// drops it, so a killed writer never leaves the lock behind). The file itself is never deleted:
/// unlinking a lock file lets two processes lock two different inodes.
/// </summary>
public sealed class FileLock : IDisposable
{
    private const int OpenReadWriteCreateCloseOnExec = Interop.OpenFlags.O_RDWR | Interop.OpenFlags.O_CREAT | Interop.OpenFlags.O_CLOEXEC;
    private const int OwnerReadWrite = (int)Interop.FileModes.S_IRUSR_IWUSR;
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(8);

    private int _fd;

    private FileLock(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="timeout"/> while another process holds it; null when
    /// it is still held then. flock has no timed wait, so this polls with LOCK_NB and short, growing pauses.
    /// </summary>
    public static FileLock? TryAcquire(string path, TimeSpan timeout)
    {
        int fd = Interop.Libc.Open(path, OpenReadWriteCreateCloseOnExec, OwnerReadWrite);
        if (fd < 0)
            throw SystemCallException.FromLastError($"open lock file {path}");
        try
        {
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            var pause = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                if (Interop.Libc.Flock(fd, Interop.Libc.LockExclusive | Interop.Libc.LockNonBlocking) == 0)
                    return new FileLock(path, fd);
                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno == LinuxErrno.EINTR)
                    continue;
                if (errno != LinuxErrno.EAGAIN)
                    throw SystemCallException.FromLastError($"flock {path}");
                if (Environment.TickCount64 >= deadline)
                {
                    Interop.Libc.Close(fd);
                    return null;
                }
                Thread.Sleep(pause);
                if (pause < LongestPause)
                    pause *= 2;
            }
        }
        catch
        {
            Interop.Libc.Close(fd);
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops the flock).</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            Interop.Libc.Close(fd);
    }
}
