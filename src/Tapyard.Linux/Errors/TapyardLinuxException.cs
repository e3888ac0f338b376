namespace Tapyard.Linux.Errors;

/// <summary>
/// Base of every error Tapyard.Linux raises at its public boundary: one clear sentence naming the
/// object and the cause, plus the errno when the kernel gave one.
/// </summary>
public class TapyardLinuxException : Exception
{
    public TapyardLinuxException(string message, int errno = 0, Exception? inner = null) : base(message, inner) =>
        Errno = errno;

    /// <summary>The kernel's errno (positive), or 0 when the error was found before any syscall.</summary>
    public int Errno { get; }
}
