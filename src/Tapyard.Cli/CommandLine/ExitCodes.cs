namespace Tapyard.Cli.CommandLine;

/// <summary>The exit codes of the command-line contract (DESIGN.md); scripts rely on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int OperationFailed = 1;
    public const int UsageError = 2;
}
