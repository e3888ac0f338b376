namespace Tapyard.Cli.Tests.Support;

/// <summary>What one in-process `tapyard` run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
