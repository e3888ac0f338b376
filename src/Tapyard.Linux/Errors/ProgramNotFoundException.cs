namespace Tapyard.Linux.Errors;

/// <summary>A program to start is not installed (not on PATH, or the given path does not exist).</summary>
public sealed class ProgramNotFoundException(string program, string? hint = null)
    : TapyardLinuxException($"program {program} was not found{(hint is null ? "" : $"; {hint}")}", LinuxErrno.ENOENT)
{
    public string Program { get; } = program;

    /// <summary>The fix when the Debian package that provides the program is known; null when it is not.</summary>
    public static string? InstallHint(string? package) => package is null ? null : $"install the Debian package {package} (apt-get install {package})";
}
