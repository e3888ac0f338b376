namespace Tapyard.Linux.Errors;

/// <summary>
/// Base of every error Tapyard.Linux raises at its public boundary: one clear sentence naming the
/// object and the cause, plus the errno when the kernel gave one.
/// </summary>
public class TapyardLinuxException : Exception
{
    private string? _note;

    public TapyardLinuxException(string message, int errno = 0, Exception? inner = null) : base(message, inner) =>
        Errno = errno;

    /// <summary>The kernel's errno (positive), or 0 when the error was found before any syscall.</summary>
    public int Errno { get; }

    /// <summary>The sentence, followed by what the operation did about the failure (e.g. a rollback), when it said.</summary>
    public override string Message => _note is null ? base.Message : $"{base.Message}; {_note}";

    /// <summary>Adds what happened after the failure without changing the exception's type.</summary>
    internal TapyardLinuxException WithNote(string note)
    {
        _note = _note is null ? note : $"{_note}; {note}";
        return this;
    }
}
