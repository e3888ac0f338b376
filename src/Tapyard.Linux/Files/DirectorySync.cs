using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Files;

/// <summary>
/// fsync of a directory, the last step of an atomic file replacement (write temp, fsync it, rename,
/// fsync the directory): without it the rename itself may be lost by a power cut.
/// </summary>
public static class DirectorySync
{
    // O_DIRECTORY is architecture-specific: see Interop.OpenFlags.
    private const int OpenDirectoryReadOnlyCloseOnExec = Interop.OpenFlags.O_DIRECTORY | Interop.OpenFlags.O_RDONLY | Interop.OpenFlags.O_CLOEXEC;

    /// <summary>Makes the entries of <paramref name="directory"/> (a rename, a new file) durable.</summary>
    public static void Sync(string directory)
    {
        int fd = Interop.Libc.Open(directory, OpenDirectoryReadOnlyCloseOnExec, 0);
        if (fd < 0)
            throw SystemCallException.FromLastError($"open directory {directory} to fsync it");
        try
        {
            if (Interop.Libc.Fsync(fd) != 0)
                throw SystemCallException.FromLastError($"fsync directory {directory}");
        }
        finally
        {
            Interop.Libc.Close(fd);
        }
    }
}
