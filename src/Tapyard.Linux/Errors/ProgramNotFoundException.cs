namespace Tapyard.Linux.Errors;

/// <summary>A program to start is not installed (not on PATH, or the given path does not exist).</summary>
public sealed class ProgramNotFoundException(string program, string? hint = null)
    : TapyardLinuxException($"program {program} was not found{(hint is null ? "" : $"; {hint}")}", LinuxErrno.ENOENT)
{
    public string Program { get; } = program;
}
