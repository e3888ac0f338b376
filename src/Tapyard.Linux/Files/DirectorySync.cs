using Tapyard.Linux.Errors;

namespace Tapyard.Linux.Files;

/// <summary>
/// fsync of a directory, the last step of an atomic file replacement (write temp, fsync it, rename,
/// fsync the directory): without it the rename itself may be lost by a power cut.
/// </summary>
public static class DirectorySync
{
    // x86_64 values (the architecture Tapyard targets, as the other interop here); O_DIRECTORY is 0x4000 on arm64.
    private const int OpenDirectoryReadOnlyCloseOnExec = 0x10000 | 0x80000; // O_DIRECTORY | O_RDONLY | O_CLOEXEC

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
