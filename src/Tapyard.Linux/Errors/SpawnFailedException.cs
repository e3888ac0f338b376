namespace Tapyard.Linux.Errors;

/// <summary>posix_spawn failed: the program could not be executed (permission, format) or a file action failed in the child.</summary>
public sealed class SpawnFailedException(string program, int errno, string detail)
    : TapyardLinuxException($"starting {program} failed: {detail}", errno)
{
    public string Program { get; } = program;
}
