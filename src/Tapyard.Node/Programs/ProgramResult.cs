namespace Tapyard.Node.Programs;

/// <summary>How a helper program ended: its exit code and what it printed.</summary>
internal sealed record ProgramResult(int ExitCode, string Output, string Error);
