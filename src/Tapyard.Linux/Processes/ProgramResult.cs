namespace Tapyard.Linux.Processes;

/// <summary>
/// How a program run by <see cref="ProgramRunner"/> ended. <see cref="ExitCode"/> is null when it did not end on
/// its own (killed at the time limit). <see cref="TimedOut"/> is also set when it exited in time but something it
/// left running kept its output open past the limit: <see cref="Output"/> and <see cref="Error"/> are then what arrived.
/// </summary>
public sealed record ProgramResult(int? ExitCode, string Output, string Error, TimeSpan Elapsed, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
